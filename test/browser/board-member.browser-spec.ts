import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Browser, chromium, Page } from 'playwright-core';
import { TestContext, TestOrg } from '@test/support/test-app';
import { startTestIdentityProvider, useIdentityProvider } from '@test/support/identity-provider';
import { LocalIdentityProvider } from '../../scripts/demo/identity-provider';
import { DEMO_DOMAIN, DEMO_PEOPLE } from '../../scripts/demo/demo-people';
import { seedDemo } from '../e2e/board/demo';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/board-pack';
import { axeViolations } from './axe';

// Browser globals, used only inside page.evaluate callbacks (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(selector: string): Iterable<BrowserElement> };
interface BrowserElement {
  tagName: string;
  id: string;
  className: string;
  parentElement: BrowserElement | null;
  closest(selector: string): BrowserElement | null;
  getBoundingClientRect(): { right: number };
}

const SCREENSHOTS = join(__dirname, 'screenshots');
/** The pages whose screenshots the README shows; the others are taken into a scratch folder. */
const KEPT = new Set(['portfolio', 'project', 'flags']);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Words the pack's template puts beside data; in the PDF's text none may run into the word before it. */
const TEMPLATE_WORDS = ['Reported', 'Optimism gap', 'Revision', 'Key risks', 'Decisions needed', 'Open since', 'Owner', 'Budget', 'Evidence', 'Programme report', 'Improved', 'Worsened', 'No change', 'over budget', 'under budget', 'Senior responsible owner'];

/**
 * A board member's triage, in Chromium: signed in through the identity provider, they order the
 * portfolio by evidence, open the worst project, read the open flags, and download the board pack as
 * Excel and as PDF; the files are read back and checked against the API's JSON. Every page passes
 * axe and fits a 390 px phone without the page scrolling sideways; screenshots at 1280 and 390 px.
 */
describe('a board member triages the portfolio and takes the pack away', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let idp: LocalIdentityProvider;
  let browser: Browser;
  let page: Page;
  let base: string;
  let scratch: string;
  const visited: { name: string; url: string }[] = [];

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    ctx = await TestContext.start({ publicUrl: base });
    org = await seedDemo(ctx);
    await ctx.app.listen(port, '127.0.0.1');
    idp = await startTestIdentityProvider(ctx, DEMO_PEOPLE);
    await useIdentityProvider(ctx, org, idp, { allowedDomains: [DEMO_DOMAIN] });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    scratch = mkdtempSync(join(tmpdir(), 'board-member-'));
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await ctx?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const expectAccessible = async (name: string) => expect({ page: name, violations: await axeViolations(page) }).toEqual({ page: name, violations: [] });
  const seen = async (name: string) => {
    await expectAccessible(name);
    visited.push({ name, url: page.url() });
    await page.screenshot({ path: join(KEPT.has(name) ? SCREENSHOTS : scratch, `${name}-1280.png`), fullPage: true });
  };

  it('signs in as a board member and orders the portfolio by evidence, worst first', async () => {
    const member = DEMO_PEOPLE.find((p) => p.title.startsWith('Board member')) as (typeof DEMO_PEOPLE)[number];
    await page.goto(`${base}/board/sign-in?organisation=${org.slug}`);
    await Promise.all([page.waitForURL(`${idp.issuer}/interaction/**`), page.locator('#sign-in-organisation').click()]);
    await Promise.all([page.waitForURL(`${base}/board`), page.locator('button', { hasText: member.name }).click()]);
    expect(await page.locator('.board-account').innerText()).toContain(`Signed in as ${member.name}`);
    // The organisation's name in the header; no crown, no GOV.UK.
    expect(await page.locator('.govuk-generic-header').innerText()).toContain('Demo Council');
    expect(await page.locator('text=GOV.UK').count()).toBe(0);

    await page.selectOption('#sort', 'evidenceRating');
    await Promise.all([page.waitForURL(/sort=evidenceRating/), page.locator('form.board-filters button').click()]);
    const worst = (
      await ctx.db.query(`SELECT e.project_id, p.code, p.name, e.rating_step FROM project_evidence e JOIN projects p ON p.id = e.project_id WHERE e.organisation_id = $1 ORDER BY e.rating_step DESC NULLS LAST, e.code LIMIT 1`, [org.id])
    ).rows[0];
    const first = page.locator('#projects-heading ~ .board-table-wrap tbody tr').first();
    expect(await first.locator('th a').innerText()).toBe(`${worst.code} ${worst.name}`);
    await seen('portfolio');
  });

  it('opens the worst project: the evidence, the report’s key risks and decisions, its open flags in words', async () => {
    const link = page.locator('#projects-heading ~ .board-table-wrap tbody tr').first().locator('th a');
    const name = await link.innerText();
    await Promise.all([page.waitForURL(/\/board\/projects\//), link.click()]);
    expect(await page.locator('h1').innerText()).toBe(name);
    expect(await page.locator('#risks-decisions').count()).toBe(1);
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/amber_green|amber_red|budget_overrun|no_user_feedback|threshold \d/);
    await seen('project');
  });

  it('reads every open flag across the portfolio, and coverage worded as controls', async () => {
    await Promise.all([page.waitForURL(`${base}/board/flags`), page.locator('.govuk-service-navigation a', { hasText: 'Open flags' }).click()]);
    expect(Number(await page.locator('[data-count="open-flags"]').innerText())).toBeGreaterThan(0);
    await seen('flags');
    await page.goto(`${base}/board/coverage`);
    expect(await page.locator('tbody th', { hasText: /^Projects with recent user feedback: \d+%$/ }).count()).toBe(1);
    await seen('coverage');
  });

  it('downloads the board pack as Excel and as PDF; the figures match the JSON and no words run together', async () => {
    await Promise.all([page.waitForURL(/\/board\/pack/), page.locator('.govuk-service-navigation a', { hasText: 'Board pack' }).click()]);
    await seen('pack');
    const json = JSON.parse((await ctx.as(org.adminToken).get('/v1/portfolio').expect(200)).text);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Download the pack as Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^board-pack-\d{4}-\d{2}\.xlsx$/);
    const xlsxPath = join(scratch, 'pack.xlsx');
    await xlsx.saveAs(xlsxPath);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxPath);
    for (const g of json.programmes as { code: string; name: string; projects: { code: string; finance: { budget: string; spent: string; forecast: string | null } | null }[] }[]) {
      const sheet = workbook.getWorksheet(`${g.code} ${g.name}`.slice(0, 31)) as ExcelJS.Worksheet;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const header = (sheet.getRow(1).values as string[]).slice(1);
      const col = (name: string) => header.indexOf(name) + 1;
      for (const p of g.projects) {
        const row = (sheet.getRows(2, sheet.rowCount - 1) ?? []).find((r) => r.getCell(col('Project code')).value === p.code) as ExcelJS.Row;
        expect(row).toBeDefined();
        if (!p.finance) continue;
        expect((row.getCell(col('Budget')).value as number).toFixed(2)).toBe(p.finance.budget);
        expect((row.getCell(col('Spent')).value as number).toFixed(2)).toBe(p.finance.spent);
        if (p.finance.forecast) expect((row.getCell(col('Forecast outturn')).value as number).toFixed(2)).toBe(p.finance.forecast);
      }
    }

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Download the pack as PDF' }).click()]);
    const pdfPath = join(scratch, 'pack.pdf');
    await pdf.saveAs(pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    for (const g of json.programmes as { code: string; name: string }[]) expect(text).toContain(`${g.code} ${g.name}`);
    for (const word of TEMPLATE_WORDS) expect({ word, joined: text.match(new RegExp(`[a-z0-9.]${word}`, 'g')) }).toEqual({ word, joined: null });
  }, 60_000);

  it('fits every board page on a 390 px phone: tables scroll inside their box, never the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const { name, url } of visited) {
      await page.goto(url);
      const width = await page.evaluate(() => {
        const client = document.documentElement.clientWidth;
        // Name what sticks out (outside any scrolling box), so a failure says which section to fix.
        const sticksOut = (e: BrowserElement | null) => Boolean(e) && (e as BrowserElement).getBoundingClientRect().right > client + 1;
        const wide = Array.from(document.querySelectorAll('main *'))
          .filter((e) => sticksOut(e) && !sticksOut(e.parentElement) && !e.closest('.board-table-wrap'))
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}`);
        return { scroll: document.documentElement.scrollWidth, client, wide };
      });
      expect({ name, ...width }).toEqual({ name, scroll: width.client, client: width.client, wide: [] });
      await expectAccessible(`${name} at 390 px`);
      await page.screenshot({ path: join(KEPT.has(name) ? SCREENSHOTS : scratch, `${name}-390.png`), fullPage: true });
    }
  });
});
