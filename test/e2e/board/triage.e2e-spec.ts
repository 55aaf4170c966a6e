import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';
import { insertProgramme } from '@test/support/factories/portfolio';
import { BoardClient } from './board-client';
import { seedDemo } from './demo';

/** What a reader sees of a page: its text, without tags or attributes (links carry rule codes). */
const visible = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** Words the pack's template puts beside data; none may run into the word before it in the PDF. */
const TEMPLATE_WORDS = ['Reported', 'Optimism gap', 'Revision', 'Key risks', 'Decisions needed', 'Open since', 'Owner', 'Budget', 'Evidence', 'Programme report', 'First report', 'Improved', 'Worsened', 'No change', 'over budget', 'under budget', 'Senior responsible owner'];

/** The board's triage pages and exports on the demo data. */
describe('board triage, plain English and exports', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: BoardClient;
  let scratch: string;

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await seedDemo(ctx);
    admin = new BoardClient(ctx);
    expect((await admin.signIn(org.adminToken)).status).toBe(303);
    scratch = mkdtempSync(join(tmpdir(), 'board-triage-'));
  }, 120_000);
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await ctx.close();
  });

  it('lists projects worst evidence first by default, overspend marked in colour and words, in round pounds', async () => {
    const page = await admin.get('/board').expect(200);
    const steps = new Map<string, number | null>(
      (await ctx.db.query(`SELECT project_id, rating_step FROM project_evidence WHERE organisation_id = $1`, [org.id])).rows.map((r) => [r.project_id, r.rating_step]),
    );
    const ordered = (html: string) => [...html.matchAll(/href="\/board\/projects\/([0-9a-f-]{36})"/g)].map((m) => steps.get(m[1]) ?? -1);
    // One list across programmes, worst first.
    const programmeSection = '<section class="govuk-!-margin-bottom-8"';
    const list = ordered(page.text.split(programmeSection)[0]);
    expect(list).toHaveLength(steps.size);
    expect(list).toEqual([...list].sort((a, b) => b - a));
    expect(new Set(list).size).toBeGreaterThan(1);
    // By programme: worst first within each.
    const grouped = await admin.get('/board?layout=programmes').expect(200);
    const sections = grouped.text.split(programmeSection).slice(1);
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) expect(ordered(section)).toEqual([...ordered(section)].sort((a, b) => b - a));
    const json = JSON.parse((await ctx.as(org.adminToken).get('/v1/portfolio').expect(200)).text);
    const finance = json.programmes.flatMap((g: { projects: { finance: { variancePct: string | null } | null }[] }) => g.projects).map((p: { finance: { variancePct: string | null } | null }) => p.finance?.variancePct).filter(Boolean) as string[];
    const over = finance.find((v) => !v.startsWith('-') && v !== '0.0');
    const under = finance.find((v) => v.startsWith('-'));
    expect(over).toBeDefined();
    expect(page.text).toContain(`<span class="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 board-over">${over}% over budget</span>`);
    if (under) expect(page.text).toContain(`<span class="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">${under.slice(1)}% under budget</span>`);
    expect(page.text).not.toContain('against budget');
    // Round pounds on the board: no pence anywhere.
    expect(visible(page.text)).not.toMatch(/£[\d,]+\.\d\d/);
    expect(visible(page.text)).toMatch(/£\d{1,3}(,\d{3})*/);
  });

  it('lists every open flag across projects, worst first, in plain English, filtered by check, severity, programme and owner', async () => {
    const open = (await ctx.db.query(`SELECT id, rule, severity, programme_id, project_id FROM flags WHERE organisation_id = $1 AND status <> 'resolved'`, [org.id])).rows;
    expect(open.length).toBeGreaterThan(3);
    const all = await admin.get('/board/flags').expect(200);
    expect(all.text).toContain(`<strong data-count="open-flags">${open.length}</strong>`);
    const text = visible(all.text);
    expect(text).not.toMatch(/amber_green|amber_red|budget_overrun|no_user_feedback|threshold \d|\(s\)/);
    expect(text).toMatch(/the organisation expects it every \d+ days/);
    expect(text).not.toMatch(/£[\d,]+\.\d\d/);
    // Critical first.
    const severities = [...all.text.matchAll(/board-flag-row--(\w+)/g)].map((m) => m[1]);
    expect(severities.indexOf('warning') === -1 || severities.lastIndexOf('critical') < severities.indexOf('warning')).toBe(true);

    const rule = await admin.get('/board/flags?rule=no_user_feedback').expect(200);
    const feedback = open.filter((f) => f.rule === 'no_user_feedback');
    expect(rule.text).toContain(`<strong data-count="open-flags">${feedback.length}</strong>`);
    for (const f of feedback) expect(rule.text).toContain(`/board/projects/${f.project_id}#flags`);

    const warnings = await admin.get('/board/flags?severity=warning').expect(200);
    expect(warnings.text).toContain(`<strong data-count="open-flags">${open.filter((f) => f.severity === 'warning').length}</strong>`);

    const programme = open[0].programme_id as string;
    const inProgramme = await admin.get(`/board/flags?programmeId=${programme}`).expect(200);
    expect(inProgramme.text).toContain(`<strong data-count="open-flags">${open.filter((f) => f.programme_id === programme).length}</strong>`);

    const owner = (
      await ctx.db.query(
        `SELECT m.person_id, count(*)::int AS n FROM memberships m JOIN flags f ON f.organisation_id = m.organisation_id AND f.subject_id = coalesce(m.project_id, m.programme_id)
          WHERE m.organisation_id = $1 AND m.role IN ('project_manager', 'sro', 'programme_manager') AND f.status <> 'resolved' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
        [org.id],
      )
    ).rows[0];
    const owned = await admin.get(`/board/flags?ownerId=${owner.person_id}`).expect(200);
    expect(owned.text).toContain(`<strong data-count="open-flags">${owner.n}</strong>`);
    expect(owner.n).toBeLessThan(open.length);
  });

  it('reports a bad filter on the flags page, and another organisation’s programme as unknown', async () => {
    const bad = await admin.get('/board/flags?rule=not_a_rule&severity=huge').expect(400);
    expect(bad.text).toContain('Select a check from the list');
    expect(bad.text).toContain('Select a severity from the list');
    const other = await ctx.newOrganisation('Elsewhere');
    const foreign = await insertProgramme(ctx.db, other.id, { name: 'Not yours' });
    const page = await admin.get(`/board/flags?programmeId=${foreign.id}`).expect(400);
    expect(page.text).toContain('Select a programme from the list');
    expect(page.text).not.toContain('Not yours');
    const signedOut = await request(ctx.app.getHttpServer()).get('/board/flags').expect(303);
    expect(signedOut.headers.location).toBe('/board/sign-in');
  });

  it('names coverage rows for the control, links each figure to the flags behind it, and keeps a trend from the packs', async () => {
    const before = await admin.get('/board/coverage').expect(200);
    expect(before.text).toMatch(/Projects with recent user feedback: \d+%/);
    expect(before.text).toContain('href="/board/flags?rule=no_user_feedback"');
    expect(before.text).not.toContain('In board packs:');
    await admin.get('/board/pack').expect(200);
    const after = await admin.get('/board/coverage').expect(200);
    const period = (await ctx.db.query(`SELECT period FROM evidence_snapshots WHERE organisation_id = $1 ORDER BY taken_at DESC LIMIT 1`, [org.id])).rows[0].period as string;
    const [y, m] = period.split('-').map(Number);
    const label = `${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} ${y}`;
    const now = /Projects with recent user feedback: (\d+)%/.exec(after.text)?.[1];
    expect(after.text).toContain(`In board packs: ${label} ${now}%`);
  });

  it('shows the report’s key risks and decisions on the project page', async () => {
    const project = (await ctx.db.query(`SELECT id FROM projects WHERE organisation_id = $1 AND status = 'active' ORDER BY code LIMIT 1`, [org.id])).rows[0];
    const period = (await ctx.db.query(`SELECT max(period) AS p FROM status_reports WHERE organisation_id = $1`, [org.id])).rows[0].p;
    await ctx
      .as(org.adminToken)
      .post(`/v1/projects/${project.id}/status-reports`)
      .send({ period, overall: 'amber', dimensions: { schedule: 'amber', cost: 'green', scope: 'green', benefits: 'green', risk: 'amber', resourcing: 'green' }, narrative: 'Supplier trouble', keyRisks: 'Supplier may exit the contract', decisionsNeeded: 'Approve a second supplier' })
      .expect(201);
    const page = await admin.get(`/board/projects/${project.id}`).expect(200);
    expect(page.text).toContain('Key risks and decisions needed');
    expect(page.text).toContain('Supplier may exit the contract');
    expect(page.text).toContain('Approve a second supplier');
    expect(visible(page.text)).not.toMatch(/amber_green|amber_red|\(s\)/);
  });

  it('wears the organisation’s name, logo and colour, never the GOV.UK crown or name', async () => {
    const page = await admin.get('/board').expect(200);
    expect(page.text).not.toMatch(/GOV\.UK|govuk-header__logotype|govuk-footer__crown|Crown copyright|Open Government Licence|govuk-icon/);
    expect(page.text).toContain('<span class="board-org-name">Demo Council</span>');
    const css = await request(ctx.app.getHttpServer()).get('/board/assets/govuk-frontend.min.css').expect(200);
    expect(css.text).not.toContain('GDS Transport');
    const logo = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const reader = await ctx.token(org, ['portfolio:read']);
    const current = await ctx.as(reader).get('/v1/organisation/branding').expect(200);
    expect(current.body).toMatchObject({ name: 'Demo Council', logo: null, colour: null });
    expectProblem(await ctx.as(reader).patch('/v1/organisation/branding').set('if-match', current.headers.etag).send({ colour: '#005EA5' }), 403);
    expectProblem(await ctx.as(org.adminToken).patch('/v1/organisation/branding').send({ colour: '#005EA5' }), 428);
    const invalid = expectProblem(await ctx.as(org.adminToken).patch('/v1/organisation/branding').set('if-match', current.headers.etag).send({ colour: 'blue', logo: 'https://example.com/logo.png' }), 400);
    expect(invalid.errors?.map((e) => e.field).sort()).toEqual(['colour', 'logo']);
    expect((await ctx.as(reader).get('/v1/organisation/branding').expect(200)).body).toMatchObject({ logo: null, colour: null, version: current.body.version });
    const set = await ctx.as(org.adminToken).patch('/v1/organisation/branding').set('if-match', current.headers.etag).send({ colour: '#005EA5', logo }).expect(200);
    expect(set.body).toMatchObject({ name: 'Demo Council', logo, colour: '#005ea5' });
    const branded = await admin.get('/board').expect(200);
    expect(branded.text).toContain(`<img class="board-logo" src="${logo}" alt="">`);
    expect(branded.text).toContain('<link rel="stylesheet" href="/board/brand.css">');
    const brand = await admin.get('/board/brand.css').expect(200);
    expect(brand.headers['content-type']).toMatch(/^text\/css/);
    expect(brand.text).toContain('background: #005ea5; --govuk-text-colour: #ffffff');
    const cleared = await ctx.as(org.adminToken).patch('/v1/organisation/branding').set('if-match', set.headers.etag).send({ logo: null, colour: null }).expect(200);
    expect(cleared.body).toMatchObject({ logo: null, colour: null });
    expect((await admin.get('/board').expect(200)).text).not.toContain('board-logo');
  });

  it('downloads the portfolio as Excel: typed cells, a frozen header, the same figures as the JSON', async () => {
    const response = await admin.get('/board/portfolio.xlsx?sort=evidenceRating').buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="portfolio-\d{4}-\d{2}\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Portfolio') as ExcelJS.Worksheet;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as (string | undefined)[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const json = JSON.parse((await ctx.as(org.adminToken).get('/v1/portfolio?sort=evidenceRating').expect(200)).text);
    const projects = json.programmes.flatMap((g: { projects: unknown[] }) => g.projects) as { code: string; finance: { budget: string; spent: string; forecast: string | null; variancePct: string | null } | null; reported: { submittedAt: string } | null; openFlags: { critical: number } }[];
    expect(sheet.rowCount - 1).toBe(projects.length);
    projects.forEach((p, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(col('Project code')).value).toBe(p.code);
      const budget = row.getCell(col('Budget')).value;
      if (p.finance) {
        expect(typeof budget).toBe('number');
        expect((budget as number).toFixed(2)).toBe(p.finance.budget);
        expect((row.getCell(col('Spent')).value as number).toFixed(2)).toBe(p.finance.spent);
        if (p.finance.forecast) expect((row.getCell(col('Forecast outturn')).value as number).toFixed(2)).toBe(p.finance.forecast);
      } else expect(budget).toBeNull();
      expect(row.getCell(col('Open critical flags')).value).toBe(p.openFlags.critical);
      const reportedOn = row.getCell(col('Reported on')).value;
      if (p.reported) expect((reportedOn as Date).toISOString().slice(0, 10)).toBe(p.reported.submittedAt.slice(0, 10));
    });
    expect(sheet.getColumn(col('Budget')).numFmt).toContain('£');
  });

  it('downloads the pack as Excel (a sheet per programme) and as PDF, with no words run together', async () => {
    const pack = await admin.get('/board/pack').expect(200);
    const links = /href="\/board\/pack\.pdf\?snapshot=([0-9a-f-]{36})"/.exec(pack.text);
    expect(links).not.toBeNull();
    const snapshot = links?.[1] as string;
    const xlsx = await admin.get(`/board/pack.xlsx?snapshot=${snapshot}`).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const programmes = (await ctx.db.query(`SELECT code, name FROM programmes WHERE organisation_id = $1 AND status <> 'archived' ORDER BY code`, [org.id])).rows;
    const names = workbook.worksheets.map((s) => s.name);
    expect(names[0]).toBe('Summary');
    for (const g of programmes) expect(names).toContain(`${g.code} ${g.name}`.slice(0, 31));
    const json = JSON.parse((await ctx.as(org.adminToken).get('/v1/portfolio').expect(200)).text);
    const summary = workbook.getWorksheet('Summary') as ExcelJS.Worksheet;
    for (const g of json.programmes as { code: string; totals: { budget: string; forecast: string; openFlags: { critical: number } } }[]) {
      const row = summary.getRows(2, summary.rowCount - 1)?.find((r) => r.getCell(1).value === g.code) as ExcelJS.Row;
      expect((row.getCell(8).value as number).toFixed(2)).toBe(g.totals.budget);
      expect((row.getCell(10).value as number).toFixed(2)).toBe(g.totals.forecast);
      expect(row.getCell(11).value).toBe(g.totals.openFlags.critical);
    }
    const flagsSheet = workbook.getWorksheet('Open flags') as ExcelJS.Worksheet;
    const open = (await ctx.db.query(`SELECT count(*)::int AS n FROM flags WHERE organisation_id = $1 AND status <> 'resolved'`, [org.id])).rows[0].n;
    expect(flagsSheet.rowCount - 1).toBe(open);
    expect(flagsSheet.getRow(2).getCell(8).value).toBeInstanceOf(Date);

    const pdf = await admin.get(`/board/pack.pdf?snapshot=${snapshot}`).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(scratch, 'pack.pdf');
    writeFileSync(file, body);
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const g of programmes) expect(text).toContain(`${g.code} ${g.name}`);
    expect(text).toMatch(/Open flags in /);
    for (const word of TEMPLATE_WORDS) expect({ word, joined: text.match(new RegExp(`[a-z0-9.]${word}`, 'g')) }).toEqual({ word, joined: null });
    expect(text).not.toMatch(/amber_green|amber_red|no_user_feedback|\/board\//);
    // A trend is the end of its sentence, never run on into the next.
    expect(text).not.toMatch(/(Improved|Worsened|No change|First report) [A-Z]/);
  }, 60_000);

  it('answers a bad period with 400 and another organisation’s pack with 404', async () => {
    const bad = await admin.get('/board/pack.pdf?period=2026-13').expect(400);
    expect(bad.text).toContain('Enter the period as a year and month');
    await admin.get('/board/pack.xlsx?period=2026-13').expect(400);
    await admin.get('/board/portfolio.xlsx?sort=sideways').expect(400);
    const other = await ctx.newOrganisation('Another Council');
    const [snapshot] = (
      await ctx.db.query(`INSERT INTO evidence_snapshots (organisation_id, period, cut_off, digest, content) VALUES ($1, '2026-01', now(), 'x', '{}') RETURNING id`, [other.id])
    ).rows;
    const foreign = await admin.get(`/board/pack.xlsx?snapshot=${snapshot.id}`).expect(404);
    const random = await admin.get(`/board/pack.xlsx?snapshot=${crypto.randomUUID()}`).expect(404);
    expect(foreign.text.replace(/nonce[-=]"?[A-Za-z0-9+/=]+/g, '')).toBe(random.text.replace(/nonce[-=]"?[A-Za-z0-9+/=]+/g, ''));
    await admin.get(`/board/pack.pdf?snapshot=${snapshot.id}`).expect(404);
  });

  it('hides a restricted programme’s flags and pack sheet from a person who is not a member', async () => {
    const restricted = (await ctx.db.query(`SELECT id, code, name FROM programmes WHERE organisation_id = $1 ORDER BY code LIMIT 1`, [org.id])).rows[0];
    const hidden = (await ctx.db.query(`SELECT count(*)::int AS n FROM flags WHERE organisation_id = $1 AND programme_id = $2 AND status <> 'resolved'`, [org.id, restricted.id])).rows[0].n as number;
    const total = (await ctx.db.query(`SELECT count(*)::int AS n FROM flags WHERE organisation_id = $1 AND status <> 'resolved'`, [org.id])).rows[0].n as number;
    expect(hidden).toBeGreaterThan(0);
    await ctx.as(org.adminToken).put(`/v1/programmes/${restricted.id}/restriction`).send({ restricted: true }).expect(200);
    try {
      const person = (await ctx.as(org.adminToken).post('/v1/people').send({ email: 'outsider@triage.gov.uk', name: 'Outsider' }).expect(201)).body;
      const token = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'outsider', scopes: ['portfolio:read'], personId: person.id }).expect(201)).body.token;
      // As if they had signed in once through their identity provider.
      await ctx.db.query(`UPDATE people SET status = 'active' WHERE id = $1`, [person.id]);
      const outsider = new BoardClient(ctx);
      const signedIn = await outsider.signIn(token);
      expect({ status: signedIn.status, location: signedIn.headers.location }).toEqual({ status: 303, location: '/board' });
      const flags = await outsider.get('/board/flags').expect(200);
      expect(flags.text).toContain(`<strong data-count="open-flags">${total - hidden}</strong>`);
      expect(flags.text).not.toContain(`${restricted.code} ${restricted.name}`);
      expect((await outsider.get(`/board/flags?programmeId=${restricted.id}`).expect(400)).text).toContain('Select a programme from the list');
      const xlsx = await outsider.get('/board/pack.xlsx').buffer(true).parse(binary).expect(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
      expect(workbook.worksheets.map((w) => w.name)).not.toContain(`${restricted.code} ${restricted.name}`.slice(0, 31));
      expect((workbook.getWorksheet('Open flags') as ExcelJS.Worksheet).rowCount - 1).toBe(total - hidden);
    } finally {
      await ctx.as(org.adminToken).put(`/v1/programmes/${restricted.id}/restriction`).send({ restricted: false }).expect(200);
    }
  });
});
