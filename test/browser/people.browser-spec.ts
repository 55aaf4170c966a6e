import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Browser, chromium, Page } from 'playwright-core';
import { TestContext, TestOrg } from '@test/support/test-app';
import { startTestIdentityProvider, useIdentityProvider } from '@test/support/identity-provider';
import { LocalIdentityProvider } from '../../scripts/demo/identity-provider';
import { DEMO_DOMAIN, DEMO_PEOPLE } from '../../scripts/demo/demo-people';
import { seedDemo } from '../e2e/board/demo';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/board-pack';
import { axeViolations } from './axe';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const named = (title: string) => DEMO_PEOPLE.find((p) => p.title.startsWith(title)) as (typeof DEMO_PEOPLE)[number];

/**
 * The demo people sign in through a real OpenID provider in Chromium, with one click each, and see
 * what they may do: the board member and the finance officer get no acknowledge form; the project
 * manager gets one on their own project only; the SRO across their programme; the PMO analyst everywhere.
 */
describe('people sign in to the board through the identity provider', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let idp: LocalIdentityProvider;
  let browser: Browser;
  let base: string;
  const projects: Record<string, string> = {};

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    ctx = await TestContext.start({ publicUrl: base });
    org = await seedDemo(ctx);
    await ctx.app.listen(port, '127.0.0.1');
    idp = await startTestIdentityProvider(ctx, DEMO_PEOPLE);
    await useIdentityProvider(ctx, org, idp, { allowedDomains: [DEMO_DOMAIN] });
    for (const row of (await ctx.db.query(`SELECT code, id FROM projects WHERE organisation_id = $1`, [org.id])).rows) projects[row.code] = row.id;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await ctx?.close();
  });

  /** Opens the sign-in page for the organisation, clicks through to the provider and picks the person. */
  async function signIn(name: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${base}/board/sign-in?organisation=${org.slug}`);
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL(`${idp.issuer}/interaction/**`), page.locator('#sign-in-organisation').click()]);
    await Promise.all([page.waitForURL(`${base}/board`), page.locator('button', { hasText: name }).click()]);
    expect(await page.locator('.board-account').innerText()).toContain(`Signed in as ${name}`);
    return page;
  }

  const acknowledgeForms = async (page: Page, code: string) => {
    await page.goto(`${base}/board/projects/${projects[code]}`);
    expect(await page.locator('h1').innerText()).toContain(code);
    return page.locator('form[action$="/acknowledge"]').count();
  };

  const openFlags = async (code: string) => Number((await ctx.db.query(`SELECT count(*) FROM flags WHERE project_id = $1 AND status = 'open'`, [projects[code]])).rows[0].count);

  it('a board member reads everything and has no forms', async () => {
    const page = await signIn(named('Board member').name);
    expect(await page.locator('.board-account').innerText()).toContain('(read only)');
    expect(await page.locator('h1').innerText()).toMatch(/^Portfolio/);
    expect(await openFlags('CS-02')).toBeGreaterThan(0);
    expect(await acknowledgeForms(page, 'CS-02')).toBe(0);
    expect(await page.locator('textarea').count()).toBe(0);
    await page.context().close();
  });

  it('a project manager acknowledges a flag on their own project, and gets no form on another', async () => {
    const pm = named('Project manager');
    const page = await signIn(pm.name);
    expect(await acknowledgeForms(page, 'CS-02')).toBeGreaterThan(0);
    const other = Object.keys(projects).find((code) => code !== 'CS-02' && code.startsWith('WF')) as string;
    expect(await openFlags(other)).toBeGreaterThan(0);
    expect(await acknowledgeForms(page, other)).toBe(0);
    await page.goto(`${base}/board/projects/${projects['CS-02']}`);
    const form = page.locator('form[action$="/acknowledge"]').first();
    const flagId = ((await form.getAttribute('action')) as string).split('/')[3];
    await form.locator('textarea').fill('Project team will reply to every survey comment this sprint');
    await Promise.all([page.waitForURL(/acknowledged=/), form.locator('button').click()]);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('Flag acknowledged');
    const stored = (await ctx.db.query(`SELECT status, acknowledged_by FROM flags WHERE id = $1`, [flagId])).rows[0];
    expect(stored).toEqual({ status: 'acknowledged', acknowledged_by: pm.name });
    const audit = (await ctx.db.query(`SELECT actor_name FROM audit_events WHERE organisation_id = $1 AND entity_id = $2 ORDER BY seq DESC LIMIT 1`, [org.id, flagId])).rows[0];
    expect(audit.actor_name).toBe(pm.name);
    await page.context().close();
  });

  it('an SRO may act across their programme but not beyond it', async () => {
    const page = await signIn(named('Senior responsible owner').name);
    const inProgramme = Object.keys(projects).find((code) => code.startsWith('CS') && code !== 'CS-02' && code !== 'CS-04') as string;
    const withFlags = (await openFlags(inProgramme)) > 0 ? inProgramme : 'CS-04';
    expect(await acknowledgeForms(page, withFlags)).toBeGreaterThan(0);
    expect(await acknowledgeForms(page, 'DI-01')).toBe(0);
    await page.context().close();
  });

  it('a finance officer reads but acknowledges nothing; a PMO analyst may act anywhere', async () => {
    const finance = await signIn(named('Finance officer').name);
    expect(await acknowledgeForms(finance, 'DI-01')).toBe(0);
    await finance.context().close();
    const pmo = await signIn(named('PMO analyst').name);
    expect(await acknowledgeForms(pmo, 'DI-01')).toBeGreaterThan(0);
    expect(await acknowledgeForms(pmo, 'WF-02')).toBeGreaterThan(0);
    await pmo.context().close();
  });
});
