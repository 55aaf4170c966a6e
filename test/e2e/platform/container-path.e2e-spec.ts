import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { AppConfig, loadConfig } from '@app/platform';

const root = resolve(__dirname, '../../..');
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i;
const URL_SETTINGS = ['databaseUrl', 'migrationDatabaseUrl', 'workerDatabaseUrl', 'redisUrl'] as const satisfies readonly (keyof AppConfig)[];

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
}

/**
 * No container engine runs on the test machines, so the container path is checked by reading what
 * it would run: each service's environment through the product's own configuration, and the
 * runtime image's dependencies against what the started code imports.
 */
describe('the container path', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
  const nodeServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

  it('runs the api, the worker and the migrations from the image', () => {
    expect(nodeServices.map(([name]) => name).sort()).toEqual(['api', 'migrate', 'worker']);
  });

  it.each(['api', 'migrate', 'worker'])('gives the %s service a configuration that validates and reaches the other services by name', (name) => {
    const service = compose.services[name];
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]));
    const config = loadConfig(env);
    const hosts = new Set(Object.keys(compose.services));
    for (const setting of URL_SETTINGS) {
      const host = new URL(config[setting]).hostname;
      // A default left in place points at the container itself, where nothing listens.
      expect({ setting, loopback: LOOPBACK.test(host) }).toEqual({ setting, loopback: false });
      expect({ setting, knownService: hosts.has(host) }).toEqual({ setting, knownService: true });
    }
    if (name === 'api') expect(config.host).toBe('0.0.0.0');
  });

  it('builds a runtime image with production dependencies only', () => {
    const stages = readFileSync(join(root, 'Dockerfile'), 'utf8').split(/^FROM /m).slice(1);
    const runtime = stages[stages.length - 1];
    expect(runtime).not.toMatch(/COPY --from=\S+ \S*node_modules/);
    expect(runtime).toMatch(/npm ci --omit=dev/);
  });

  it('starts code that imports nothing outside the production dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const entryPoints = ['apps/api/src/main.ts', 'apps/worker/src/main.ts', 'scripts/db-prepare.ts'].map((p) => join(root, p));
    const missing = [...packagesImportedFrom(entryPoints)].filter((name) => !(name in pkg.dependencies)).sort();
    expect(missing).toEqual([]);
  });
});

/** Every package reached from the entry points through the source's own imports (type-only imports aside). */
function packagesImportedFrom(entryPoints: string[]): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [...entryPoints];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm), ...source.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
    for (const specifier of specifiers) {
      const local = resolveLocal(file, specifier);
      if (local) queue.push(local);
      else if (!specifier.startsWith('.') && !specifier.startsWith('@app/') && !specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
      }
    }
  }
  return packages;
}

function resolveLocal(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  else if (specifier === '@app/schema') base = join(root, 'migrations', 'schema');
  else if (specifier.startsWith('@app/')) {
    const [, lib, ...rest] = specifier.split('/');
    base = join(root, 'libs', lib, 'src', ...rest);
  } else return null;
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}
