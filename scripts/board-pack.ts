import { chromium } from 'playwright-core';

/** Flags for Debian's Chromium in containers and CI: headless, no sandbox, no background traffic. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface PrintOptions {
  baseUrl: string;
  token: string;
  period: string;
  out: string;
  executablePath?: string;
}

/**
 * Prints the board pack for a period to PDF, as a board member would: sign in with the token in a
 * fresh browser profile, open the pack (print styles: one programme per page), print, sign out.
 */
export async function printBoardPack(options: PrintOptions): Promise<{ pages: number }> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.period)) throw new Error(`--period must look like 2026-10, not ${options.period}`);
  const browser = await chromium.launch({ executablePath: options.executablePath ?? CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${options.baseUrl}/board/sign-in`);
    if ((await page.locator('#token').count()) === 0) throw new Error('the api does not accept token sign-in: start it with BOARD_TOKEN_SIGN_IN=true (development only)');
    await page.fill('#token', options.token);
    await Promise.all([page.waitForLoadState('load'), page.locator('form#token-sign-in button[type=submit]').click()]);
    await page.waitForURL((url) => !url.pathname.startsWith('/board/sign-in'), { timeout: 10_000 }).catch(() => {
      throw new Error('sign-in failed: the token was refused (unknown, expired, revoked, or without portfolio:read)');
    });
    const response = await page.goto(`${options.baseUrl}/board/pack?period=${options.period}`);
    if (!response || !response.ok()) throw new Error(`the pack page answered ${response?.status()}`);
    const sections = await page.locator('.board-programme-page').count();
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: options.out, printBackground: true, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    await page.locator('form[action="/board/sign-out"] button').click();
    await page.waitForURL(/\/board\/sign-in/);
    return { pages: sections };
  } finally {
    await browser.close();
  }
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const period = argument('period');
  const out = argument('out') ?? `board-pack-${period}.pdf`;
  const token = process.env.BOARD_TOKEN ?? process.env.KPI_TOKEN;
  const baseUrl = process.env.BOARD_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  if (!period || !token) {
    console.error('usage: BOARD_TOKEN=<token> [BOARD_URL=http://127.0.0.1:3000] npm run board:pack -- --period 2026-10 --out pack.pdf');
    process.exit(2);
  }
  const { pages } = await printBoardPack({ baseUrl, token, period, out });
  console.log(`wrote ${out}: board pack for ${period}, ${pages} programme page${pages === 1 ? '' : 's'}`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`board pack failed: ${error.message}`);
    process.exit(1);
  });
}
