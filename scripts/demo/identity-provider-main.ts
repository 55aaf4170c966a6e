import { loadConfig, publicBaseUrl } from '@app/platform';
import { DEMO_CLIENT, DEMO_PEOPLE } from './demo-people';
import { startIdentityProvider } from './identity-provider';

/** The demo's identity provider, on 127.0.0.1 (DEMO_IDP_PORT, default 3100), with the demo people. */
export const DEMO_IDP_PORT = Number(process.env.DEMO_IDP_PORT ?? 3100);

async function main(): Promise<void> {
  const config = loadConfig();
  const idp = await startIdentityProvider({
    port: DEMO_IDP_PORT,
    accounts: DEMO_PEOPLE,
    clients: [{ ...DEMO_CLIENT, redirectUris: [`${publicBaseUrl(config)}/board/sign-in/callback`] }],
  });
  console.log(JSON.stringify({ level: 30, msg: 'local identity provider listening', issuer: idp.issuer }));
  const stop = () => idp.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`identity provider failed: ${error.message}`);
    process.exit(1);
  });
}
