import { Browser, chromium, Page } from 'playwright-core';
import { TestContext, TestOrg } from '@test/support/test-app';
import { startTestIdentityProvider, useIdentityProvider } from '@test/support/identity-provider';
import { todayInLondon } from '@app/platform';
import { LocalIdentityProvider } from '../../scripts/demo/identity-provider';
import { DEMO_DOMAIN, DEMO_PEOPLE } from '../../scripts/demo/demo-people';
import { seedDemo } from '../e2e/board/demo';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/board-pack';
import { driver, expectAccessible, freePort, Mode, MODES, newPage } from './workspace-support';

const named = (title: string) => DEMO_PEOPLE.find((p) => p.title.startsWith(title)) as (typeof DEMO_PEOPLE)[number];
const SCREENSHOTS = `${__dirname}/screenshots`;

/**
 * The team's workspace in the browser, each journey signed in as its person through the real
 * OpenID provider, checked by axe on every page, and run with the mouse, with the keyboard only
 * and with JavaScript off.
 */
describe('the workspace: forms for the monthly cycle and corrections', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let idp: LocalIdentityProvider;
  let browser: Browser;
  let base: string;
  let projectId: string;
  const pm = named('Project manager');

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    ctx = await TestContext.start({ publicUrl: base });
    org = await seedDemo(ctx);
    await ctx.app.listen(port, '127.0.0.1');
    idp = await startTestIdentityProvider(ctx, DEMO_PEOPLE);
    await useIdentityProvider(ctx, org, idp, { allowedDomains: [DEMO_DOMAIN] });
    projectId = (await ctx.db.query(`SELECT id FROM projects WHERE organisation_id = $1 AND code = 'CS-02'`, [org.id])).rows[0].id;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await ctx?.close();
  });

  /**
   * Signs in through the provider (whose pages are not ours and use scripts), then carries the
   * session into a context in the journey's mode: with JavaScript off, the journey runs without it.
   */
  async function signIn(name: string, mode: Mode, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await newPage(browser, 'mouse', viewport);
    await page.goto(`${base}/board/sign-in?organisation=${org.slug}`);
    await Promise.all([page.waitForURL(`${idp.issuer}/interaction/**`), page.locator('#sign-in-organisation').click()]);
    await Promise.all([page.waitForURL(`${base}/board`), page.locator('button', { hasText: name }).click()]);
    if (mode !== 'no-js') return page;
    const storageState = await page.context().storageState();
    await page.context().close();
    const context = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 900 }, javaScriptEnabled: false, storageState });
    const bare = await context.newPage();
    bare.setDefaultTimeout(20_000);
    await bare.goto(`${base}/board`);
    expect(await bare.locator('.board-account').innerText()).toContain(`Signed in as ${name}`);
    return bare;
  }

  /** The project's active KPIs that people write (not derived from the ledger), with what would put each on or off track. */
  async function writableKpis() {
    const { rows } = await ctx.db.query(
      `SELECT k.id, k.name, k.baseline_value::float8 AS baseline, k.target_value::float8 AS target
         FROM kpis k WHERE k.organisation_id = $1 AND k.project_id = $2 AND k.status = 'active'
          AND k.baseline_value IS NOT NULL AND k.target_value IS NOT NULL AND k.target_date > current_date AND k.baseline_date < current_date
          AND NOT EXISTS (SELECT 1 FROM kpi_derivations d WHERE d.kpi_id = k.id) ORDER BY k.name`,
      [org.id, projectId],
    );
    return rows as { id: string; name: string; baseline: number; target: number }[];
  }

  const status = async (kpiId: string) => {
    const token = await ctx.token(org, ['portfolio:read']);
    return (await ctx.as(token).get(`/v1/kpis/${kpiId}`).expect(200)).body.evaluation.status as string;
  };

  describe.each(MODES)('with %s', (mode) => {
    it("a project manager records a month's measurements: form, check your answers, confirmation", async () => {
      const page = await signIn(pm.name, mode);
      const d = driver(page, mode);
      const kpis = await writableKpis();
      expect(kpis.length).toBeGreaterThan(0);
      await page.goto(`${base}/board/projects/${projectId}`);
      await d.click('a[href$="/measurements/new"]', /\/measurements\/new$/);
      await expectAccessible(page, mode);
      // Nothing entered and a bad number: the error summary, and what was typed is kept.
      await d.fill(`#value-${kpis[0].id}`, 'lots');
      await d.click('button[value="check"]');
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('must be a number');
      expect(await page.locator(`#value-${kpis[0].id}`).inputValue()).toBe('lots');
      await expectAccessible(page, mode);
      if (mode === 'mouse') await page.screenshot({ path: `${SCREENSHOTS}/form-measurements-error.png`, fullPage: true });
      for (const k of kpis) await d.fill(`#value-${k.id}`, String(k.target));
      await d.fill('#note', `Monthly return (${mode})`);
      await d.click('button[value="check"]');
      expect(await page.locator('h1').innerText()).toBe('Check your measurements');
      await expectAccessible(page, mode);
      if (mode === 'mouse') await page.screenshot({ path: `${SCREENSHOTS}/form-measurements-check.png`, fullPage: true });
      await d.click('button[value="confirm"]', /\/measurements\/recorded/);
      expect(await page.locator('.govuk-panel__title').innerText()).toBe('Measurements recorded');
      await expectAccessible(page, mode);
      const stored = await ctx.db.query(`SELECT kpi_id, value::float8 AS value, note FROM kpi_measurements WHERE organisation_id = $1 AND measured_on = $2 AND kpi_id = ANY($3::uuid[])`, [org.id, todayInLondon(), kpis.map((k) => k.id)]);
      expect(stored.rows).toHaveLength(kpis.length);
      for (const k of kpis) expect(stored.rows.find((r) => r.kpi_id === k.id)).toMatchObject({ value: k.target, note: `Monthly return (${mode})` });
      const audit = await ctx.db.query(`SELECT DISTINCT actor_name FROM audit_events WHERE organisation_id = $1 AND entity_type = 'kpi_measurement' AND seq > (SELECT max(seq) - $2 FROM audit_events WHERE organisation_id = $1)`, [org.id, kpis.length]);
      expect(audit.rows).toEqual([{ actor_name: pm.name }]);
      await page.context().close();
    });

    it('a project manager records an engagement with the actions taken, then submits the status report seeing the evidence rating', async () => {
      const group = (await ctx.db.query(`SELECT id, name FROM stakeholder_groups WHERE organisation_id = $1 AND project_id = $2 ORDER BY name LIMIT 1`, [org.id, projectId])).rows[0];
      const page = await signIn(pm.name, mode);
      const d = driver(page, mode);
      await page.goto(`${base}/board/projects/${projectId}`);
      await d.click('a[href$="/engagements/new"]', /\/engagements\/new$/);
      await expectAccessible(page, mode);
      await d.select('#groupId', group.name);
      await d.check('#kind-3');
      await d.fill('#participants', 'about ten');
      await d.fill('#findings', `Residents could not find the report form (${mode})`);
      await d.fill('#actionsTaken', 'Moved the link to the bins page');
      await d.click('form[action$="/engagements"] button');
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('whole number');
      expect(await page.locator('#findings').inputValue()).toContain('Residents could not find');
      await expectAccessible(page, mode);
      if (mode === 'mouse') await page.screenshot({ path: `${SCREENSHOTS}/form-engagement-error.png`, fullPage: true });
      await d.fill('#participants', '10');
      await d.click('form[action$="/engagements"] button', /\/recorded$/);
      expect(await page.locator('.govuk-panel__title').innerText()).toBe('Engagement recorded');
      await expectAccessible(page, mode);
      const engagement = (await ctx.db.query(`SELECT participants, actions_recorded_at IS NOT NULL AS closed FROM engagements WHERE findings = $1`, [`Residents could not find the report form (${mode})`])).rows;
      expect(engagement).toEqual([{ participants: 10, closed: true }]);

      await page.goto(`${base}/board/projects/${projectId}`);
      await d.click('a[href$="/status-reports/new"]', /\/status-reports\/new$/);
      expect(await page.locator('main').innerText()).toContain('What the evidence says');
      await expectAccessible(page, mode);
      if (mode === 'mouse') await page.screenshot({ path: `${SCREENSHOTS}/form-status-report.png`, fullPage: true });
      await d.check('#overall-3');
      for (const dimension of ['schedule', 'cost', 'scope', 'benefits', 'risk', 'resourcing']) await d.check(`#dimension-${dimension}-2`);
      await d.fill('#narrative', `Online reporting live in two wards (${mode})`);
      await d.fill('#keyRisks', 'Crew devices not yet replaced');
      await d.click('button[value="check"]');
      expect(await page.locator('h1').innerText()).toBe('Check your status report');
      await expectAccessible(page, mode);
      await d.click('button[value="confirm"]', /\/submitted/);
      expect(await page.locator('.govuk-panel__title').innerText()).toBe('Status report submitted');
      await expectAccessible(page, mode);
      const report = (await ctx.db.query(`SELECT overall, reported_by_person_id IS NOT NULL AS by_person, key_risks FROM status_reports WHERE project_id = $1 AND narrative = $2`, [projectId, `Online reporting live in two wards (${mode})`])).rows;
      expect(report).toEqual([{ overall: 'amber', by_person: true, key_risks: 'Crew devices not yet replaced' }]);
      await page.context().close();
    });

    it("a project manager corrects a wrong measurement, and the KPI's status changes", async () => {
      const [kpi] = await writableKpis();
      const token = await ctx.token(org, ['kpis:write']);
      await ctx.as(token).put(`/v1/kpis/${kpi.id}/measurements/${todayInLondon()}`).send({ value: kpi.baseline, note: 'keyed wrongly' }).expect((r) => expect([200, 201]).toContain(r.status));
      expect(await status(kpi.id)).toBe('off_track');
      const page = await signIn(pm.name, mode);
      const d = driver(page, mode);
      await page.goto(`${base}/board/kpis/${kpi.id}/measurements`);
      await expectAccessible(page, mode);
      await d.click(`a[href$="/measurements/${todayInLondon()}/correct"]`, /\/correct$/);
      await expectAccessible(page, mode);
      // No reason: an error, and the choice and value typed are kept.
      await d.check('#action');
      await d.fill('#value', String(kpi.target));
      await d.click('form[action$="/correct"] button');
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter why the measurement is being corrected');
      expect(await page.locator('#value').inputValue()).toBe(String(kpi.target));
      await expectAccessible(page, mode);
      if (mode === 'mouse') await page.screenshot({ path: `${SCREENSHOTS}/form-correction-error.png`, fullPage: true });
      await d.fill('#reason', 'The baseline was typed in place of this month’s figure');
      await d.click('form[action$="/correct"] button', /\/corrected/);
      expect(await page.locator('.govuk-panel__title').innerText()).toBe('Measurement corrected');
      expect(await page.locator('main').innerText()).toContain('On track');
      await expectAccessible(page, mode);
      if (mode === 'mouse') await page.screenshot({ path: `${SCREENSHOTS}/form-correction-done.png`, fullPage: true });
      expect(await status(kpi.id)).toBe('on_track');
      const kept = await ctx.db.query(`SELECT value::float8 AS value, reason, changed_by FROM kpi_measurement_versions WHERE kpi_id = $1 ORDER BY changed_at DESC LIMIT 1`, [kpi.id]);
      expect(kept.rows).toEqual([{ value: kpi.baseline, reason: 'The baseline was typed in place of this month’s figure', changed_by: pm.name }]);
      await page.context().close();
    });
  });

  it('refuses a form without its session token, and a person outside the project', async () => {
    const page = await signIn(named('Board member').name, 'mouse');
    const response = await page.goto(`${base}/board/projects/${projectId}/measurements/new`);
    expect(response?.status()).toBe(403);
    await expectAccessible(page);
    const posted = await page.request.post(`${base}/board/projects/${projectId}/measurements`, { form: { 'date-day': '1', 'date-month': '1', 'date-year': '2026' } });
    expect(posted.status()).toBe(403);
    await page.context().close();
  });

  it("a person's home page lists what they own and what is due, then leads to the project", async () => {
    const page = await signIn(pm.name, 'mouse');
    await page.locator('a[href="/board/home"]').click();
    await page.waitForURL(`${base}/board/home`);
    expect(await page.locator('h1').innerText()).toBe('My work');
    expect(await page.locator('main').innerText()).toContain('CS-02');
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/form-home.png`, fullPage: true });
    await Promise.all([page.waitForURL(`${base}/board/projects/${projectId}`), page.locator(`main h2 a[href="/board/projects/${projectId}"]`).click()]);
    await page.context().close();
  });

  it('a project manager records a buy-in reading and a training record', async () => {
    const group = (await ctx.db.query(`SELECT name FROM stakeholder_groups WHERE organisation_id = $1 AND project_id = $2 ORDER BY name LIMIT 1`, [org.id, projectId])).rows[0];
    const page = await signIn(pm.name, 'mouse');
    await page.goto(`${base}/board/projects/${projectId}/buy-in/new`);
    await expectAccessible(page);
    await page.locator('#groupId').selectOption({ label: group.name });
    for (const [field, value] of [['respondents', '30'], ['supportivePct', '60'], ['neutralPct', '30'], ['opposedPct', '20']]) await page.locator(`#${field}`).fill(value);
    await page.locator('main form button').click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('must add up to 100');
    await expectAccessible(page);
    await page.locator('#opposedPct').fill('10');
    await Promise.all([page.waitForURL(/recorded=buy-in/), page.locator('main form button').click()]);
    await page.goto(`${base}/board/projects/${projectId}/training/new`);
    await expectAccessible(page);
    await page.locator('#groupId').selectOption({ label: group.name });
    await page.locator('#staffInScope').fill('12');
    await page.locator('#staffTrained').fill('9');
    await Promise.all([page.waitForURL(/recorded=training/), page.locator('main form button').click()]);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM training_records WHERE project_id = $1 AND staff_in_scope = 12 AND staff_trained = 9`, [projectId])).rows[0].n).toBe(1);
    await page.context().close();
  });

  it('works on a phone', async () => {
    const page = await signIn(pm.name, 'mouse', { width: 375, height: 740 });
    await page.goto(`${base}/board/projects/${projectId}/measurements/new`);
    await expectAccessible(page);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENSHOTS}/form-measurements-phone.png`, fullPage: true });
    await page.context().close();
  });
});
