import { TestContext, TestOrg } from '@test/support/test-app';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { BoardClient, csrfFrom } from './board-client';
import { seedDemo } from './demo';

/** The board pages on the demo data: they render, they escape, they keep organisations apart. */
describe('board pages', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: BoardClient;
  let projects: { id: string; code: string; name: string }[];

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await seedDemo(ctx);
    admin = new BoardClient(ctx);
    expect((await admin.signIn(org.adminToken)).status).toBe(303);
    projects = (await ctx.db.query(`SELECT id, code, name FROM projects WHERE organisation_id = $1 ORDER BY code`, [org.id])).rows;
  }, 120_000);
  afterAll(() => ctx.close());

  it('shows the portfolio of the demo data: every programme and project, reported beside evidence, optimism gaps called out in words', async () => {
    const page = await admin.get('/board').expect(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
    expect(page.headers['cache-control']).toBe('no-store');
    const programmes = (await ctx.db.query(`SELECT code, name FROM programmes WHERE organisation_id = $1`, [org.id])).rows;
    for (const g of programmes) expect(page.text).toContain(`${g.code} ${g.name}`);
    for (const p of projects) expect(page.text).toContain(`/board/projects/${p.id}`);
    expect(page.text).toMatch(/Optimism gap: reported \d steps better than the evidence/);
    // Colour never alone: every tag carries its rating in words.
    expect(page.text).toMatch(/<strong class="govuk-tag govuk-tag--\w+">(Green|Amber\/green|Amber|Amber\/red|Red)<\/strong>/);
    expect(page.text).toMatch(/<span aria-hidden="true">[▲▼▶●]<\/span> (Improved|Worsened|No change|First report)/);
  });

  it('filters by programme and rating, and reports a bad filter without failing', async () => {
    const [programme] = (await ctx.db.query(`SELECT id, code, name FROM programmes WHERE organisation_id = $1 ORDER BY code LIMIT 1`, [org.id])).rows;
    const others = (await ctx.db.query(`SELECT code, name FROM programmes WHERE organisation_id = $1 AND id <> $2`, [org.id, programme.id])).rows;
    const one = await admin.get(`/board?programmeId=${programme.id}`).expect(200);
    expect(one.text).toContain(`${programme.code} ${programme.name}</h2>`);
    for (const g of others) expect(one.text).not.toContain(`${g.code} ${g.name}</h2>`);
    // [reported, evidence, project id] of each row shown.
    const cells = (html: string) =>
      [...html.matchAll(/href="\/board\/projects\/([0-9a-f-]+)"[\s\S]*?<\/th>\s*<td class="govuk-table__cell">(.*?)<\/td>\s*<td class="govuk-table__cell">(.*?)<\/td>/g)].map((m) => [m[2], m[3], m[1]]);
    const redTag = '<strong class="govuk-tag govuk-tag--red">Red</strong>';
    const reportedRed = cells((await admin.get('/board?reportedRating=red').expect(200)).text);
    expect(reportedRed.length).toBeGreaterThan(0);
    expect(new Set(reportedRed.map(([reported]) => reported))).toEqual(new Set([redTag]));
    const evidenceRed = cells((await admin.get('/board?evidenceRating=red').expect(200)).text);
    expect(evidenceRed.length).toBeGreaterThan(0);
    expect(new Set(evidenceRed.map(([, evidence]) => evidence))).toEqual(new Set([redTag]));
    // "Red" without saying which: red on either, so the projects red on the evidence are not missed.
    const either = cells((await admin.get('/board?rating=red').expect(200)).text);
    expect(either.every(([reported, evidence]) => reported === redTag || evidence === redTag)).toBe(true);
    expect(either.length).toBe(new Set([...reportedRed, ...evidenceRed].map(([, , id]) => id)).size);
    const bad = await admin.get('/board?period=2026-13&rating=purple').expect(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('Enter the period as a year and month');
    expect(bad.text).toContain('Select a rating from the list');
  });

  it('downloads the CSV of the session’s view', async () => {
    const csv = await admin.get('/board/portfolio.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    for (const p of projects) expect(csv.text).toContain(p.code);
  });

  it('renders every project page: timeline, KPI charts with tables, spend against budget, engagement, flags', async () => {
    for (const p of projects) {
      const page = await admin.get(`/board/projects/${p.id}`).expect(200);
      expect(page.text).toContain(`${p.code} ${p.name}`);
      expect(page.text).toContain('Status reports');
      expect(page.text).toContain('Cumulative spend against budget');
      expect(page.text).toContain('Engagement evidence');
    }
    // A project with a KPI that has a line to draw (the demo also has KPIs without a target).
    const withKpis = (
      await ctx.db.query(
        `SELECT p.id FROM projects p JOIN kpis k ON k.project_id = p.id
          WHERE p.organisation_id = $1 AND k.baseline_value IS NOT NULL AND k.baseline_date IS NOT NULL AND k.target_value IS NOT NULL AND k.target_date > k.baseline_date
          ORDER BY p.code LIMIT 1`,
        [org.id],
      )
    ).rows[0];
    const page = await admin.get(`/board/projects/${withKpis.id}`).expect(200);
    expect(page.text).toMatch(/<svg [^>]*role="img" aria-labelledby="kpi-[0-9a-f-]+-title kpi-[0-9a-f-]+-desc"/);
    expect(page.text).toContain('Straight line from');
    expect(page.text).toContain('class="board-band"');
    expect(page.text).toMatch(/<caption class="govuk-table__caption govuk-table__caption--s">[^<]+: measurements/);
    expect(page.text).toMatch(/On or ahead of the line|Behind, within tolerance|Behind, outside tolerance/);
  });

  it('renders governance coverage per rule and programme, and the board pack', async () => {
    const coverage = await admin.get('/board/coverage').expect(200);
    expect(coverage.text).toContain('Projects with a measurable target');
    expect(coverage.text).toMatch(/\d+(\.\d)?%<\/strong>/);
    const pack = await admin.get('/board/pack').expect(200);
    expect(pack.text).toMatch(/Reports as submitted by \d+ \w+ \d{4}, \d\d:\d\d UTC/);
    const sections = pack.text.match(/class="board-programme-page/g) ?? [];
    const programmes = (await ctx.db.query(`SELECT count(*)::int AS n FROM programmes WHERE organisation_id = $1 AND status <> 'archived'`, [org.id])).rows[0].n;
    expect(sections).toHaveLength(programmes);
    expect(pack.text).toContain('/board/portfolio.csv?period=');
  });

  it('answers another organisation’s project, or a random id, with the same 404 page', async () => {
    const other = await ctx.newOrganisation('Elsewhere');
    const programme = await insertProgramme(ctx.db, other.id, {});
    const project = await insertProject(ctx.db, other.id, { programmeId: programme.id, name: 'Not yours' });
    const foreign = await admin.get(`/board/projects/${project.id}`).expect(404);
    const random = await admin.get(`/board/projects/${crypto.randomUUID()}`).expect(404);
    expect(foreign.text).toContain('Page not found');
    expect(foreign.text).not.toContain('Not yours');
    const strip = (html: string) => html.replace(/nonce[-=]"?[A-Za-z0-9+/=]+/g, '').replace(/name="_csrf" value="[^"]+"/g, '');
    expect(strip(foreign.text)).toBe(strip(random.text));
    expect((await admin.get('/board/projects/not-a-uuid')).status).toBe(400);
  });

  it('escapes what users typed: a project named <script> is text, not markup', async () => {
    const [programme] = (await ctx.db.query(`SELECT id FROM programmes WHERE organisation_id = $1 LIMIT 1`, [org.id])).rows;
    const project = await insertProject(ctx.db, org.id, { programmeId: programme.id, code: 'XSS-1', name: '<script>alert("x")</script>' });
    await ctx.as(org.adminToken).post(`/v1/projects/${project.id}/status-reports`).send({ period: (await ctx.db.query(`SELECT max(period) AS p FROM status_reports WHERE organisation_id = $1`, [org.id])).rows[0].p, overall: 'amber', dimensions: { schedule: 'amber', cost: 'green', scope: 'green', benefits: 'green', risk: 'green', resourcing: 'green' }, narrative: '<img src=x onerror=alert(1)>' }).expect(201);
    for (const url of ['/board', `/board/projects/${project.id}`, '/board/pack']) {
      const page = await admin.get(url).expect(200);
      expect(page.text).not.toContain('<script>alert');
      expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(page.text).not.toContain('<img src=x');
    }
  });

  describe('acknowledging a flag', () => {
    let flag: { id: string; project_id: string };
    beforeAll(async () => {
      flag = (await ctx.db.query(`SELECT id, project_id FROM flags WHERE organisation_id = $1 AND status = 'open' AND project_id IS NOT NULL ORDER BY seq LIMIT 1`, [org.id])).rows[0];
    });
    const status = async () => (await ctx.db.query(`SELECT status, acknowledgement_note FROM flags WHERE id = $1`, [flag.id])).rows[0];

    it('gives a read-only token no form, and a 403 page if it posts anyway', async () => {
      const reader = new BoardClient(ctx);
      await reader.signIn(await ctx.token(org, ['portfolio:read']));
      const page = await reader.get(`/board/projects/${flag.project_id}`).expect(200);
      expect(page.text).not.toContain(`/board/flags/${flag.id}/acknowledge`);
      const response = await reader.post(`/board/flags/${flag.id}/acknowledge`, { _csrf: csrfFrom(page.text), note: 'sneaky' });
      expect(response.status).toBe(403);
      expect(response.text).toContain('needs the governance:write scope');
      expect(await status()).toEqual({ status: 'open', acknowledgement_note: null });
    });

    it('refuses a post without the CSRF token', async () => {
      const response = await admin.post(`/board/flags/${flag.id}/acknowledge`, { note: 'no token' });
      expect(response.status).toBe(403);
      expect(await status()).toEqual({ status: 'open', acknowledgement_note: null });
    });

    it('asks for a note, then acknowledges and says so', async () => {
      const page = await admin.get(`/board/projects/${flag.project_id}`).expect(200);
      expect(page.text).toContain(`action="/board/flags/${flag.id}/acknowledge"`);
      const csrf = csrfFrom(page.text);
      const empty = await admin.post(`/board/flags/${flag.id}/acknowledge`, { _csrf: csrf, note: '  ' });
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('Enter a note saying what the board has agreed to do');
      const done = await admin.post(`/board/flags/${flag.id}/acknowledge`, { _csrf: csrf, note: 'Board agreed: research booked' });
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe(`/board/projects/${flag.project_id}?acknowledged=${flag.id}#flag-${flag.id}`);
      expect(await status()).toEqual({ status: 'acknowledged', acknowledgement_note: 'Board agreed: research booked' });
      const after = await admin.get(done.headers.location.split('#')[0]).expect(200);
      expect(after.text).toContain('Flag acknowledged');
      expect(after.text).toContain('“Board agreed: research booked”');
    });

    it('answers another organisation’s flag with a 404 page', async () => {
      const other = await ctx.newOrganisation('Flagless');
      const reader = new BoardClient(ctx);
      await reader.signIn(other.adminToken);
      const response = await reader.post(`/board/flags/${flag.id}/acknowledge`, { _csrf: await reader.csrf(), note: 'not mine' });
      expect(response.status).toBe(404);
    });
  });

  it('reproduces a period’s pack from the reports as submitted by its cut-off, even after a correction', async () => {
    const period = (await ctx.db.query(`SELECT max(period) AS p FROM status_reports WHERE organisation_id = $1`, [org.id])).rows[0].p;
    const first = await admin.get(`/board/pack?period=${period}`).expect(200);
    const permalink = /href="(\/board\/pack\?period=[^"]+)"/.exec(first.text)?.[1].replace(/&amp;/g, '&') as string;
    expect(permalink).toMatch(/submittedBy=/);
    // What the board saw is stored: opening the pack again unchanged gives the same stored pack.
    const stored = /href="(\/board\/pack\?snapshot=[0-9a-f-]+)"/.exec(first.text)?.[1] as string;
    expect(stored).toBeDefined();
    expect(/href="(\/board\/pack\?snapshot=[0-9a-f-]+)"/.exec((await admin.get(`/board/pack?period=${period}`).expect(200)).text)?.[1]).toBe(stored);
    const tables = (html: string) => [...html.matchAll(/<table class="govuk-table board-table">[\s\S]*?<\/table>/g)].map((m) => m[0]);
    const [target] = projects;
    await ctx.as(org.adminToken).post(`/v1/projects/${target.id}/status-reports`).send({ period, overall: 'red', dimensions: { schedule: 'red', cost: 'red', scope: 'red', benefits: 'red', risk: 'red', resourcing: 'red' }, narrative: 'Corrected after the board met: now red' }).expect(201);
    const again = await admin.get(permalink).expect(200);
    expect(again.text).not.toContain('Corrected after the board met');
    expect(again.text).toContain('Revised after this cut-off');
    const latest = await admin.get(`/board/pack?period=${period}`).expect(200);
    expect(latest.text).toContain('Corrected after the board met: now red');
    // The stored pack still shows exactly what the board saw, reports and evidence alike.
    const shown = await admin.get(stored).expect(200);
    expect(shown.text).not.toContain('Corrected after the board met');
    expect(tables(shown.text)).toEqual(tables(first.text));
    expect((await admin.get('/board/pack?snapshot=not-a-uuid')).status).toBe(400);
    expect((await admin.get(`/board/pack?snapshot=${crypto.randomUUID()}`)).status).toBe(404);
  });
});
