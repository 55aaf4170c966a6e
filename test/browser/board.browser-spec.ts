import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { TestContext, TestOrg } from '@test/support/test-app';
import { RULES } from '@app/governance';
import { seedDemo } from '../e2e/board/demo';
import { CHROMIUM_ARGS, CHROMIUM_PATH, printBoardPack } from '../../scripts/board-pack';
import { axeViolations } from './axe';

// Browser globals, used only inside page.evaluate callbacks (the project compiles without the DOM library).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const getComputedStyle: (element: any) => any;
type Element = any;
type Document = any;

const SCREENSHOTS = join(__dirname, 'screenshots');

/**
 * The board dashboard in a real browser: sign in, read the portfolio of the demo data, open a
 * project, acknowledge a flag, produce the board pack and its PDF, sign out; axe on every page,
 * the keyboard for the forms, and the same journey with JavaScript off.
 */
describe('board dashboard in Chromium', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let scratch: string;
  const problems: string[] = [];

  beforeAll(async () => {
    // This journey signs in with a pasted token (the development setting); people.browser-spec.ts signs people in through the identity provider.
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await seedDemo(ctx);
    await ctx.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(ctx.app.getHttpServer().address() as AddressInfo).port}`;
    scratch = mkdtempSync(join(tmpdir(), 'board-browser-'));
    // launch() gives every run a fresh, throwaway profile (its own --user-data-dir).
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // Script errors and CSP refusals show up here; the pages must produce none.
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const expectAccessible = async (name: string) => expect({ page: name, violations: await axeViolations(page) }).toEqual({ page: name, violations: [] });

  it('signs in with the keyboard: skip link first, a visible focus, Enter submits', async () => {
    await page.goto(`${base}/board`);
    expect(new URL(page.url()).pathname).toBe('/board/sign-in');
    await expectAccessible('sign-in');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to main content');
    const focusStyle = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { outline: style.outlineStyle, shadow: style.boxShadow, background: style.backgroundColor };
    });
    expect(focusStyle.shadow !== 'none' || focusStyle.outline !== 'none').toBe(true);
    // Once GOV.UK Frontend has set the skip link up, Enter moves focus to the main content.
    await page.waitForFunction(() => document.querySelector('.govuk-skip-link')?.hasAttribute('data-govuk-skip-link-init'));
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await page.focus('#token');
    await page.keyboard.type('kpit_wrong_token');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The token was not recognised');
    await expectAccessible('sign-in with an error');
    await page.focus('#token');
    await page.keyboard.type(org.adminToken);
    await Promise.all([page.waitForURL(`${base}/board`), page.keyboard.press('Enter')]);
  });

  it('shows the portfolio of the demo data, with optimism gaps called out', async () => {
    expect(await page.locator('h1').innerText()).toMatch(/^Portfolio, \w+ \d{4}$/);
    const programmes = (await ctx.db.query(`SELECT code, name FROM programmes WHERE organisation_id = $1 ORDER BY code`, [org.id])).rows;
    for (const g of programmes) expect(await page.locator('h2', { hasText: `${g.code} ${g.name}` }).count()).toBe(1);
    expect(await page.locator('tr.board-optimism').count()).toBeGreaterThan(0);
    expect(await page.locator('tr.board-optimism .board-gap-label').first().innerText()).toMatch(/Optimism gap: reported \d steps better than the evidence/);
    await expectAccessible('portfolio');
    await page.screenshot({ path: join(SCREENSHOTS, 'portfolio.png'), fullPage: true });
  });

  it('filters with the keyboard (a GET form, no script needed)', async () => {
    await page.focus('#rating');
    await page.keyboard.press('ArrowDown'); // Green
    await Promise.all([page.waitForURL(/rating=green/), page.locator('form.board-filters button').press('Enter')]);
    const ratings = await page.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(ratings.length).toBeGreaterThan(0);
    expect(new Set(ratings)).toEqual(new Set(['Green']));
    await page.goto(`${base}/board`);
  });

  it('opens a project: timeline, KPI charts with tables, spend, engagement, flags; acknowledges a flag by keyboard', async () => {
    const target = (
      await ctx.db.query(
        `SELECT p.id, p.code, p.name FROM projects p WHERE p.organisation_id = $1
            AND EXISTS (SELECT 1 FROM kpis k WHERE k.project_id = p.id AND k.baseline_value IS NOT NULL AND k.target_value IS NOT NULL) AND EXISTS (SELECT 1 FROM flags f WHERE f.project_id = p.id AND f.status = 'open')
          ORDER BY (SELECT count(*) FROM flags f WHERE f.project_id = p.id AND f.status = 'open') DESC, p.code LIMIT 1`,
        [org.id],
      )
    ).rows[0];
    await Promise.all([page.waitForURL(`${base}/board/projects/${target.id}`), page.locator(`a[href="/board/projects/${target.id}"]`).click()]);
    expect(await page.locator('h1').innerText()).toBe(`${target.code} ${target.name}`);
    expect(await page.locator('.board-timeline > li').count()).toBeGreaterThan(0);
    const chart = page.locator('svg[role="img"][aria-labelledby^="kpi-"]').first();
    expect(await chart.locator('title').textContent()).toContain('measurements against the target line');
    expect(await page.locator('.board-chart-table table').count()).toBeGreaterThan(1);
    expect(await page.locator('svg[aria-labelledby^="spend-"]').count()).toBe(1);
    await expectAccessible('project');
    await page.screenshot({ path: join(SCREENSHOTS, 'project.png'), fullPage: true });

    const form = page.locator('form[action$="/acknowledge"]').first();
    const action = (await form.getAttribute('action')) as string;
    const flagId = action.split('/')[3];
    await form.locator('textarea').focus();
    await page.keyboard.type('Board agreed: user research booked for January');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Acknowledge flag');
    await Promise.all([page.waitForURL(/acknowledged=/), page.keyboard.press('Enter')]);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('Flag acknowledged');
    const stored = (await ctx.db.query(`SELECT status, acknowledgement_note FROM flags WHERE id = $1`, [flagId])).rows[0];
    expect(stored).toEqual({ status: 'acknowledged', acknowledgement_note: 'Board agreed: user research booked for January' });
    await expectAccessible('project after acknowledging');
  });

  it('shows governance coverage', async () => {
    await page.goto(`${base}/board/coverage`);
    expect(await page.locator('h1').innerText()).toBe('Governance coverage');
    expect(await page.locator('tbody tr').count()).toBe(RULES.length); // one row per governance rule
    await expectAccessible('coverage');
    // The check can fail: a planted image without a text alternative is caught.
    await page.evaluate(() => document.querySelector('main')?.insertAdjacentHTML('beforeend', '<img src="/board/assets/images/favicon.svg">'));
    expect((await axeViolations(page)).join('\n')).toContain('image-alt');
    await page.reload();
    await page.screenshot({ path: join(scratch, 'coverage.png'), fullPage: true });
  });

  it('shows How we compare, accessibly', async () => {
    await page.goto(`${base}/board/benchmarks`);
    expect(await page.locator('h1').innerText()).toBe('How we compare');
    await expectAccessible('benchmarks');
  });

  it('produces the board pack: one printed page per programme, and its PDF', async () => {
    const period = (await ctx.db.query(`SELECT max(period) AS p FROM status_reports WHERE organisation_id = $1`, [org.id])).rows[0].p as string;
    await page.goto(`${base}/board/pack?period=${period}`);
    const programmes = (await ctx.db.query(`SELECT count(*)::int AS n FROM programmes WHERE organisation_id = $1 AND status <> 'archived'`, [org.id])).rows[0].n as number;
    expect(await page.locator('.board-programme-page').count()).toBe(programmes);
    await expectAccessible('pack');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.govuk-header').isVisible()).toBe(false);
    expect(await page.locator('.board-programme-page').nth(1).evaluate((el) => getComputedStyle(el).breakBefore)).toBe('page');
    await page.emulateMedia({ media: 'screen' });

    const out = join(scratch, 'pack.pdf');
    const { pages } = await printBoardPack({ baseUrl: base, token: org.adminToken, period, out });
    expect(pages).toBe(programmes);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pageCount).toBeGreaterThanOrEqual(programmes);
  });

  it('renders error pages that are accessible too: not found, and a bad pack period', async () => {
    const missing = await page.goto(`${base}/board/projects/${crypto.randomUUID()}`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    await expectAccessible('not found');
    const bad = await page.goto(`${base}/board/pack?period=2026-13`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the period as a year and month');
    await expectAccessible('pack with an error');
  });

  it('ran the GOV.UK Frontend script with no script error or CSP refusal on any page', async () => {
    await page.goto(`${base}/board`);
    // The deliberate wrong token (401), unknown project (404) and bad period (400) are logged as failed loads.
    expect(problems.filter((p) => !/status of (400|401|404) /.test(p))).toEqual([]);
  });

  it('signs out', async () => {
    await page.goto(`${base}/board`);
    await Promise.all([page.waitForURL(/\/board\/sign-in\?signedOut=1/), page.locator('form[action="/board/sign-out"] button').click()]);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('You have signed out');
    await page.goto(`${base}/board`);
    expect(new URL(page.url()).pathname).toBe('/board/sign-in');
  });

  it('works with JavaScript off: sign in, portfolio, project, acknowledge', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    try {
      const p = await noScript.newPage();
      await p.goto(`${base}/board/sign-in`);
      await p.fill('#token', org.adminToken);
      await Promise.all([p.waitForURL(`${base}/board`), p.locator('form#token-sign-in button').click()]);
      const flag = (await ctx.db.query(`SELECT id, project_id FROM flags WHERE organisation_id = $1 AND status = 'open' AND project_id IS NOT NULL ORDER BY seq LIMIT 1`, [org.id])).rows[0];
      await Promise.all([p.waitForURL(/\/board\/projects\//), p.locator(`a[href="/board/projects/${flag.project_id}"]`).click()]);
      const form = p.locator(`form[action="/board/flags/${flag.id}/acknowledge"]`);
      await form.locator('textarea').fill('Noted without JavaScript');
      await Promise.all([p.waitForURL(/acknowledged=/), form.locator('button').click()]);
      expect(await p.locator('.govuk-notification-banner--success').innerText()).toContain('Flag acknowledged');
      expect((await ctx.db.query(`SELECT acknowledgement_note FROM flags WHERE id = $1`, [flag.id])).rows[0].acknowledgement_note).toBe('Noted without JavaScript');
    } finally {
      await noScript.close();
    }
  });
});
