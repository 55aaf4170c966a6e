import ExcelJS from 'exceljs';
import type request from 'supertest';
import { insertPerson } from '@test/support/factories/evidence';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';
import { seedDemo } from '../board/demo';

const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

interface Line {
  projectId: string;
  projectCode: string;
  programmeCode: string;
  reportedConfidence: string | null;
  evidenceConfidence: string | null;
  keyMilestone: string | null;
  baselineDate: string | null;
  forecastDate: string | null;
  financialYear: string | null;
  budget: string | null;
  spent: string | null;
  forecast: string | null;
  wholeLifeCostBaseline: string;
  wholeLifeCostForecast: string;
  benefitsPlannedTotal: string;
  benefitsPlannedToDate: string;
  benefitsRealisedToDate: string;
  narrative: string | null;
}

describe('major-projects return', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let reader: string;
  let period: string;
  let lines: Line[];

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await seedDemo(ctx);
    reader = await ctx.token(org, ['portfolio:read']);
    period = (await ctx.as(reader).get('/v1/portfolio').expect(200)).body.period;
    lines = (await ctx.as(reader).get(`/v1/returns/major-projects?period=${period}`).expect(200)).body.lines;
  }, 600000);
  afterAll(() => ctx.close());

  it("matches the portfolio line by line for the demo's last period: confidence, finance, whole-life cost, key dates, benefits", async () => {
    const portfolio = (await ctx.as(reader).get(`/v1/portfolio?period=${period}`).expect(200)).body;
    const projects = portfolio.programmes.flatMap((g: { code: string; projects: { id: string; code: string }[] }) => g.projects.map((p) => ({ programmeCode: g.code, ...p })));
    expect(lines.map((l) => [l.programmeCode, l.projectCode])).toEqual(projects.map((p: { programmeCode: string; code: string }) => [p.programmeCode, p.code]));
    for (const p of projects) {
      const line = lines.find((l) => l.projectId === p.id) as Line;
      expect([line.projectCode, line.reportedConfidence, line.evidenceConfidence]).toEqual([p.code, p.reported?.rating ?? null, p.evidence?.rating ?? null]);
      expect([line.financialYear, line.budget, line.spent, line.forecast]).toEqual([p.finance?.financialYear ?? null, p.finance?.budget ?? null, p.finance?.spent ?? null, p.finance?.forecast ?? null]);
      const wlc = (await ctx.as(reader).get(`/v1/projects/${p.id}/whole-life-cost`).expect(200)).body;
      expect([line.wholeLifeCostBaseline, line.wholeLifeCostForecast]).toEqual([wlc.baseline.total, wlc.forecast.total]);
      const benefits = (await ctx.as(reader).get(`/v1/projects/${p.id}/benefits?period=${period}`).expect(200)).body;
      expect([line.benefitsPlannedTotal, line.benefitsPlannedToDate, line.benefitsRealisedToDate]).toEqual([benefits.totals.plannedTotal, benefits.totals.plannedToDate, benefits.totals.realisedToDate]);
      const milestones = (await ctx.as(reader).get(`/v1/projects/${p.id}/milestones`).expect(200)).body as { title: string; baselineDate: string; forecastDate: string; actualDate: string | null }[];
      const last = milestones.at(-1);
      expect([line.keyMilestone, line.baselineDate, line.forecastDate]).toEqual([last?.title ?? null, last?.baselineDate ?? null, last ? (last.actualDate ?? last.forecastDate) : null]);
    }
    // The demo's deliberate cases are in it: WF-02's slipped go-live, CS-03's benefits behind plan.
    const wf02 = lines.find((l) => l.projectCode === 'WF-02') as Line;
    expect(wf02.keyMilestone).toBe('Case management go-live');
    expect((wf02.forecastDate as string) > (wf02.baselineDate as string)).toBe(true);
    const cs03 = lines.find((l) => l.projectCode === 'CS-03') as Line;
    expect(Number(cs03.benefitsRealisedToDate)).toBeLessThan(Number(cs03.benefitsPlannedToDate));
    expect(lines.some((l) => l.narrative)).toBe(true);
  });

  it('gives the same lines as CSV and as a workbook with typed cells', async () => {
    const csv = await ctx.as(reader).get(`/v1/returns/major-projects.csv?period=${period}`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="major-projects-return-${period}.csv"`);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toMatch(/^Period,Programme code,Programme,Project code,Project,Phase,Delivery confidence \(reported\),Delivery confidence \(evidence\)/);
    expect(rows).toHaveLength(lines.length + 1);
    for (const [i, line] of lines.entries()) expect(rows[i + 1]).toContain(`,${line.projectCode},`);
    expect(rows.find((r) => r.includes(',WF-02,'))).toContain(lines.find((l) => l.projectCode === 'WF-02')?.wholeLifeCostForecast);

    const xlsx = await ctx.as(reader).get(`/v1/returns/major-projects.xlsx?period=${period}`).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet(`Return ${period}`) as ExcelJS.Worksheet;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount).toBe(lines.length + 1);
    for (const [i, line] of lines.entries()) {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(col('Project code')).value).toBe(line.projectCode);
      expect(row.getCell(col('Whole-life cost forecast')).value).toBe(Number(line.wholeLifeCostForecast));
      expect((row.getCell(col('Benefits realised to date')).value as number).toFixed(2)).toBe(line.benefitsRealisedToDate);
      if (line.baselineDate) expect((row.getCell(col('Baseline date')).value as Date).toISOString().slice(0, 10)).toBe(line.baselineDate);
    }
  });

  it('refuses a period that is not one, or in the future, naming the field', async () => {
    for (const path of ['/v1/returns/major-projects', '/v1/returns/major-projects.csv', '/v1/returns/major-projects.xlsx']) {
      expect(expectProblem(await ctx.as(reader).get(`${path}?period=2026-13`), 400).errors?.map((e) => e.field)).toEqual(['period']);
      expect(expectProblem(await ctx.as(reader).get(`${path}?period=2999-01`), 400).errors?.map((e) => e.field)).toEqual(['period']);
    }
  });

  it('needs the read scope', async () => {
    const finance = await ctx.token(org, ['finance:write']);
    for (const path of ['/v1/returns/major-projects', '/v1/returns/major-projects.csv', '/v1/returns/major-projects.xlsx']) expectProblem(await ctx.as(finance).get(path), 403);
  });

  it("holds only the caller's organisation, and nothing of a restricted programme for a person outside it", async () => {
    const other = await ctx.newOrganisation();
    const theirs = (await ctx.as(other.adminToken).get('/v1/returns/major-projects').expect(200)).body;
    expect(theirs.lines).toEqual([]);
    const di = (await ctx.db.query(`SELECT id FROM programmes WHERE organisation_id = $1 AND code = 'DI'`, [org.id])).rows[0].id;
    await ctx.db.query(`INSERT INTO programme_restrictions (organisation_id, programme_id) VALUES ($1, $2)`, [org.id, di]);
    const outsiderId = await insertPerson(ctx.db, org.id, ['viewer']);
    const outsider = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'outsider', scopes: ['admin'], personId: outsiderId }).expect(201)).body.token as string;
    const hidden = (await ctx.as(outsider).get(`/v1/returns/major-projects?period=${period}`).expect(200)).body.lines as Line[];
    expect(hidden.map((l) => l.programmeCode)).not.toContain('DI');
    expect(hidden.length).toBe(lines.filter((l) => l.programmeCode !== 'DI').length);
    const csv = (await ctx.as(outsider).get(`/v1/returns/major-projects.csv?period=${period}`).expect(200)).text;
    expect(csv).not.toContain(',DI-01,');
  });
});
