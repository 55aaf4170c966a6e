import { INestApplicationContext } from '@nestjs/common';
import { Browser, chromium, Page } from 'playwright-core';
import { addDays, QUEUES, todayInLondon } from '@app/platform';
import { TestContext, TestOrg } from '@test/support/test-app';
import { obliterate, startWorker } from '@test/support/test-worker';
import { startTestIdentityProvider, useIdentityProvider } from '@test/support/identity-provider';
import { LocalIdentityProvider } from '../../scripts/demo/identity-provider';
import { DEMO_DOMAIN, DEMO_PEOPLE } from '../../scripts/demo/demo-people';
import { seedDemo } from '../e2e/board/demo';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/board-pack';
import { driver, expectAccessible, freePort, Mode, newPage } from './workspace-support';

// Browser globals, used only inside page.evaluate callbacks (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

const named = (title: string) => DEMO_PEOPLE.find((p) => p.title.startsWith(title)) as (typeof DEMO_PEOPLE)[number];
const SCREENSHOTS = `${__dirname}/screenshots`;
const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * In Chromium, signed in through the real OpenID provider: the finance officer uploads a spend file,
 * maps its columns, sees the result and undoes it; a project manager corrects an engagement and
 * the history keeps what it said; a senior responsible owner triages a flag by assigning an action,
 * which the assignee finds on My work. Every page passes axe and fits a 390 px phone without the
 * page scrolling sideways.
 */
describe('spend uploads, record corrections and triage in the browser', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let idp: LocalIdentityProvider;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    ctx = await TestContext.start({ publicUrl: base, outboxPollMs: 100 });
    worker = await startWorker(ctx.config);
    org = await seedDemo(ctx);
    await ctx.app.listen(port, '127.0.0.1');
    idp = await startTestIdentityProvider(ctx, DEMO_PEOPLE);
    await useIdentityProvider(ctx, org, idp, { allowedDomains: [DEMO_DOMAIN] });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await obliterate(worker, [QUEUES.imports]).catch(() => undefined);
    await worker?.close();
    await ctx?.close();
  });

  async function signIn(name: string): Promise<Page> {
    const page = await newPage(browser, 'mouse');
    page.setDefaultTimeout(20_000);
    await page.goto(`${base}/board/sign-in?organisation=${org.slug}`);
    await Promise.all([page.waitForURL(`${idp.issuer}/interaction/**`), page.locator('#sign-in-organisation').click()]);
    await Promise.all([page.waitForURL(`${base}/board`), page.locator('button', { hasText: name }).click()]);
    return page;
  }

  /** axe at 1280 px, then the same page at 390 px: no sideways scrolling of the page, and axe again. */
  const seen = async (page: Page, name: string, shot?: string) => {
    await expectAccessible(page);
    if (shot) await page.screenshot({ path: `${SCREENSHOTS}/${shot}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect({ name, ...width }).toEqual({ name, scroll: width.client, client: width.client });
    await expectAccessible(page);
    await page.setViewportSize({ width: 1280, height: 900 });
  };
  const go = (page: Page, click: () => Promise<unknown>) => Promise.all([page.waitForEvent('load'), click()]);

  it('a finance officer uploads a CSV, maps its columns, sees the result and undoes it', async () => {
    const officer = named('Finance officer');
    const page = await signIn(officer.name);
    await go(page, () => page.locator('.govuk-service-navigation a', { hasText: 'Spend imports' }).click());
    await seen(page, 'spend imports');
    await go(page, () => page.locator('a', { hasText: 'Upload a spend file' }).click());
    // Continuing without a file says what to fix.
    await go(page, () => page.locator('button', { hasText: 'Continue' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select a CSV file');
    await seen(page, 'upload file error');

    const rows = ['Paid On,Cost Centre,Payee,Net', `${ukDate(addDays(todayInLondon(), -3))},CS-02,"Acme, Digital Ltd","£1,234.50"`, `${ukDate(addDays(todayInLondon(), -2))},CS-02,Hosting Co,99.90`, `${ukDate(addDays(todayInLondon(), -1))},NOPE-9,Someone,10.00`];
    await page.setInputFiles('#file', { name: 'december.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\r\n') + '\r\n') });
    await go(page, () => page.locator('button', { hasText: 'Continue' }).click());
    await page.waitForURL(/\/board\/spend\/uploads\//);
    await seen(page, 'upload mapping');
    await page.selectOption('#col-spentOn', { label: 'Paid On' });
    await page.selectOption('#col-amount', { label: 'Net' });
    await page.selectOption('#col-supplier', { label: 'Payee' });
    await page.selectOption('#dateFormat', 'dd/MM/yyyy');
    await go(page, () => page.locator('button', { hasText: 'Check the file' }).click());
    // No project column mapped yet: the error summary links to the field to fix.
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select the column that holds the project code, or choose a project for every row');
    await page.selectOption('#col-projectCode', { label: 'Cost Centre' });
    await page.locator('#mode-2').check();
    await go(page, () => page.locator('button', { hasText: 'Check the file' }).click());
    expect(await page.locator('[data-count="valid"]').innerText()).toBe('2');
    expect(await page.locator('#preview-issues').innerText()).toContain('NOPE-9');
    await seen(page, 'upload preview', 'spend-upload-preview');

    await go(page, () => page.locator('button', { hasText: 'Import 2 rows' }).click());
    await page.waitForURL(/\/board\/spend\/imports\/[0-9a-f-]{36}/);
    for (let i = 0; i < 100 && (await page.locator('#import-status').getAttribute('data-status')) !== 'completed_with_errors'; i++) {
      await page.waitForTimeout(200);
      await page.reload();
    }
    expect(await page.locator('[data-count="imported"]').innerText()).toBe('2');
    expect(await page.locator('[data-count="rejected"]').innerText()).toBe('1');
    expect(await page.locator('#import-issues').innerText()).toContain('NOPE-9');
    await seen(page, 'import result', 'spend-import-result');

    await page.locator('#reason').fill('Uploaded the wrong month');
    await go(page, () => page.locator('button', { hasText: 'Undo the import' }).click());
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('being undone');
    for (let i = 0; i < 100 && (await page.locator('#import-status').getAttribute('data-status')) !== 'undone'; i++) {
      await page.waitForTimeout(200);
      await page.reload();
    }
    expect(await page.locator('[data-count="reversed"]').innerText()).toBe('2');
    // The two entries and their two reversals: the ledger nets to what it was.
    const net = await ctx.db.query(`SELECT count(*)::int AS n, sum(e.amount)::text AS total FROM spend_entries e JOIN spend_imports i ON i.id = e.import_id WHERE i.organisation_id = $1 AND i.file_name = 'december.csv'`, [org.id]);
    expect(net.rows[0]).toEqual({ n: 4, total: '0.00' });
    await seen(page, 'import undone');
    await page.context().close();
  });

  /** Signs in through the provider (whose pages use scripts), then carries the session into a context in the journey's mode. */
  async function signInAs(name: string, mode: Mode): Promise<Page> {
    const page = await signIn(name);
    if (mode !== 'no-js') return page;
    const storageState = await page.context().storageState();
    await page.context().close();
    const bare = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false, storageState })).newPage();
    bare.setDefaultTimeout(20_000);
    await bare.goto(`${base}/board`);
    return bare;
  }

  for (const mode of ['keyboard', 'no-js'] as const) {
    it(`a finance officer uploads a CSV with one bad row ${mode === 'keyboard' ? 'with the keyboard only' : 'with JavaScript off'}`, async () => {
      const page = await signInAs(named('Finance officer').name, mode);
      const act = driver(page, mode);
      await act.click('a[href="/board/spend/imports"]', `${base}/board/spend/imports`);
      await act.click('a[href="/board/spend/imports/new"]', `${base}/board/spend/imports/new`);
      // Amounts of their own, so neither run's rows are duplicates of another's.
      const amount = mode === 'keyboard' ? '321.09' : '432.10';
      const fileName = `${mode}.csv`;
      const rows = ['Paid On,Cost Centre,Payee,Net', `${ukDate(addDays(todayInLondon(), -4))},CS-02,Stationery Co,${amount}`, `${ukDate(addDays(todayInLondon(), -4))},NOPE-9,Someone,10.00`];
      // Choosing a file is the operating system's dialog in every mode; the rest is the mode's own.
      await page.setInputFiles('#file', { name: fileName, mimeType: 'text/csv', buffer: Buffer.from(rows.join('\r\n') + '\r\n') });
      await act.click('main button.govuk-button', /\/board\/spend\/uploads\//);
      await act.select('#col-spentOn', 'Paid On');
      await act.select('#col-amount', 'Net');
      await act.select('#col-supplier', 'Payee');
      await act.select('#col-projectCode', 'Cost Centre');
      await act.select('#dateFormat', '31/03/2026');
      await act.check('#mode-2');
      await act.click('button[value="preview"]');
      expect(await page.locator('[data-count="valid"]').innerText()).toBe('1');
      expect(await page.locator('#preview-issues').innerText()).toContain('NOPE-9');
      await expectAccessible(page, mode);
      await act.click('button[value="import"]', /\/board\/spend\/imports\/[0-9a-f-]{36}/);
      for (let i = 0; i < 100 && (await page.locator('#import-status').getAttribute('data-status')) !== 'completed_with_errors'; i++) {
        await page.waitForTimeout(200);
        await page.reload();
      }
      expect(await page.locator('[data-count="imported"]').innerText()).toBe('1');
      expect(await page.locator('[data-count="rejected"]').innerText()).toBe('1');
      await expectAccessible(page, mode);
      const stored = await ctx.db.query(`SELECT e.amount::text AS amount FROM spend_entries e JOIN spend_imports i ON i.id = e.import_id WHERE i.organisation_id = $1 AND i.file_name = $2`, [org.id, fileName]);
      expect(stored.rows).toEqual([{ amount }]);
      await page.context().close();
    });
  }

  it('a project manager corrects an engagement, and the history keeps what it said', async () => {
    const pm = named('Project manager');
    const page = await signIn(pm.name);
    const projectId = (await ctx.db.query(`SELECT id FROM projects WHERE organisation_id = $1 AND code = 'CS-02'`, [org.id])).rows[0].id;
    await page.goto(`${base}/board/projects/${projectId}`);
    await go(page, () => page.locator('a', { hasText: 'See or correct the engagements' }).click());
    await seen(page, 'records');
    const row = page.locator('#engagements + .board-table-wrap [data-record]').first();
    const engagementId = (await row.getAttribute('data-record')) as string;
    const before = (await ctx.db.query(`SELECT participants, findings FROM engagements WHERE id = $1`, [engagementId])).rows[0];
    await go(page, () => row.locator('a', { hasText: 'Correct or withdraw' }).click());
    await page.locator('#action').check();
    await page.locator('#participants').fill(String(before.participants + 3));
    await go(page, () => page.locator('button', { hasText: 'Save the change' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter why the engagement is being corrected');
    await seen(page, 'correct engagement error', 'form-engagement-correction-error');
    await page.locator('#reason').fill('Three more residents joined the session');
    await go(page, () => page.locator('button', { hasText: 'Save the change' }).click());
    await page.waitForURL(/\/corrected\?change=correct$/);
    const history = await page.locator('#record-history').innerText();
    expect(history).toContain(`${before.participants} took part`);
    expect(history).toContain('Three more residents joined the session');
    expect(history).toContain(pm.name);
    await seen(page, 'engagement corrected', 'form-engagement-corrected');
    expect((await ctx.db.query(`SELECT participants, version FROM engagements WHERE id = $1`, [engagementId])).rows[0]).toEqual({ participants: before.participants + 3, version: 2 });
    await page.context().close();
  });

  it('a senior responsible owner triages a flag by assigning an action, which shows on the assignee’s My work', async () => {
    const sro = named('Senior responsible owner');
    const pm = named('Project manager');
    const flag = (
      await ctx.db.query(
        `SELECT f.id, f.project_id FROM flags f JOIN projects p ON p.id = f.project_id JOIN programmes g ON g.id = p.programme_id
          WHERE f.organisation_id = $1 AND g.code = 'CS' AND f.status IN ('open', 'acknowledged') ORDER BY p.code = 'CS-02' DESC, f.id LIMIT 1`,
        [org.id],
      )
    ).rows[0];
    const page = await signIn(sro.name);
    await page.goto(`${base}/board/projects/${flag.project_id}`);
    await go(page, () => page.locator(`a[href="/board/flags/${flag.id}/actions/new"]`).click());
    await seen(page, 'assign action');
    await go(page, () => page.locator('button', { hasText: 'Assign the action' }).click());
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter what needs to be done');
    const title = 'Run a feedback session with residents this month';
    await page.locator('#title').fill(title);
    await page.selectOption('#ownerPersonId', { label: pm.name });
    await go(page, () => page.locator('button', { hasText: 'Assign the action' }).click());
    await page.waitForURL(/\/board\/actions\/[0-9a-f-]{36}\/assigned$/);
    expect(await page.locator('.govuk-panel').innerText()).toContain(pm.name);
    await seen(page, 'action assigned', 'flag-action-assigned');
    await page.context().close();

    const mine = await signIn(pm.name);
    await go(mine, () => mine.locator('.govuk-service-navigation a', { hasText: 'My work' }).click());
    expect(await mine.locator('#my-actions + ul').innerText()).toContain(title);
    await seen(mine, 'my work', 'form-home-actions');
    await mine.context().close();
  });
});
