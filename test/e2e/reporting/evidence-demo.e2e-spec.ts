import { TestContext, TestOrg } from '@test/support/test-app';
import { seedDemo } from '../board/demo';

type Input = { input: string; effect: number; detail: string };
type Row = {
  id: string;
  code: string;
  reported: { rating: string; period: string } | null;
  evidence: { rating: string; steps: number } | null;
  optimismGap: number | null;
  optimismGapFlagged: boolean;
  openFlags: { critical: number };
  finance: { spent: string } | null;
};

const previous = (p: string) => {
  const [y, m] = p.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** The inconsistencies a board member found on the demo data, each answered one way everywhere (docs/EVIDENCE.md). */
describe('evidence on the demo data', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let view: { period: string; programmes: { code: string; reported: unknown; evidence: { rating: string; inputs: Input[] } | null; optimismGap: number | null; projects: Row[] }[] };
  const row = (code: string) => view.programmes.flatMap((g) => g.projects).find((p) => p.code === code) as Row;
  const rating = async (code: string) => (await ctx.as(org.adminToken).get(`/v1/projects/${row(code).id}/rating`).expect(200)).body as { gapSteps: number | null; reported: unknown; inputs: Input[]; period: string };

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await seedDemo(ctx);
    view = (await ctx.as(org.adminToken).get('/v1/portfolio').expect(200)).body;
  }, 60_000);
  afterAll(() => ctx.close());

  it('compares a gap only with the period’s own report: the row and the rating endpoint agree for every project', async () => {
    for (const p of view.programmes.flatMap((g) => g.projects).filter((x) => x.evidence)) {
      const r = await rating(p.code);
      expect({ code: p.code, gap: r.gapSteps, reported: r.reported === null }).toEqual({ code: p.code, gap: p.optimismGap, reported: p.reported === null });
      if (p.reported === null) expect(p.optimismGap).toBeNull();
      else expect(p.reported.period).toBe(view.period);
    }
  });

  it('says which open critical flags the rating counted and which it did not, never "none" beside a count', async () => {
    for (const p of view.programmes.flatMap((g) => g.projects).filter((x) => x.evidence && x.openFlags.critical > 0)) {
      const flags = (await rating(p.code)).inputs.find((i) => i.input === 'criticalFlags') as Input;
      expect(flags.detail).not.toMatch(/^no open critical flags$/);
      expect(flags.detail).toMatch(/open critical flag|also open/);
    }
  });

  it('moves the rating once for an overspend: finance, not the budget_overrun flag as well (DI-01)', async () => {
    const inputs = (await rating('DI-01')).inputs;
    const finance = inputs.find((i) => i.input === 'finance') as Input;
    const flags = inputs.find((i) => i.input === 'criticalFlags') as Input;
    expect(finance.effect).toBeGreaterThan(0);
    expect(flags.detail).toContain('budget_overrun');
    expect(flags.detail).not.toMatch(/^\d+ open critical flag\(s\) on other causes: [^(]*budget_overrun/);
  });

  it('rolls each programme’s evidence up from its projects, beside its own report', async () => {
    for (const g of view.programmes.filter((x) => x.projects.some((p) => p.evidence))) {
      expect(g.evidence?.rating).toEqual(expect.any(String));
      expect(g.evidence?.inputs[0].detail).toMatch(/budget-weighted average of \d+ rated project/);
    }
  });

  it('shows an earlier period’s money as it stood at that period’s end', async () => {
    const october = previous(previous(view.period));
    const past = (await ctx.as(org.adminToken).get(`/v1/portfolio?period=${october}`).expect(200)).body;
    const [y, m] = october.split('-').map(Number);
    const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    expect(past).toMatchObject({ period: october, asOf: end, source: 'as of period end' });
    const p = past.programmes.flatMap((g: { projects: Row[] }) => g.projects).find((x: Row) => x.code === 'DI-01') as Row;
    const [{ spent }] = (await ctx.db.query(
      `SELECT coalesce(sum(amount), 0)::numeric(17,2)::text AS spent FROM spend_entries WHERE project_id = $1 AND spent_on <= $2 AND financial_year = $3`,
      [p.id, end, past.financialYear],
    )).rows;
    expect(p.finance?.spent).toBe(spent);
    expect(p.finance?.spent).not.toBe(row('DI-01').finance?.spent);
  });

  it('finds projects red on the evidence with rating=red, not only those reported red', async () => {
    const redOnEvidence = view.programmes.flatMap((g) => g.projects).filter((p) => p.evidence?.rating === 'red').map((p) => p.code);
    expect(redOnEvidence.length).toBeGreaterThan(0);
    const red = (await ctx.as(org.adminToken).get('/v1/portfolio?rating=red').expect(200)).body;
    const shown = red.programmes.flatMap((g: { projects: Row[] }) => g.projects).map((p: Row) => p.code);
    expect(shown).toEqual(expect.arrayContaining(redOnEvidence));
    const evidenceOnly = (await ctx.as(org.adminToken).get('/v1/portfolio?evidenceRating=red&sort=optimismGap').expect(200)).body;
    expect(evidenceOnly.programmes.flatMap((g: { projects: Row[] }) => g.projects).map((p: Row) => p.code).sort()).toEqual([...redOnEvidence].sort());
  });

  it('orders worst first and filters on the gap and on critical flags', async () => {
    const get = async (query: string) => ((await ctx.as(org.adminToken).get(`/v1/portfolio?${query}`).expect(200)).body.programmes as { projects: Row[] }[]);
    for (const g of await get('sort=optimismGap')) {
      const gaps = g.projects.map((p) => p.optimismGap ?? -99);
      expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
    }
    const wide = (await get('minGap=2')).flatMap((g) => g.projects);
    expect(wide.length).toBeGreaterThan(0);
    expect(wide.every((p) => (p.optimismGap ?? 0) >= 2)).toBe(true);
    const critical = (await get('criticalFlags=true&sort=criticalFlags')).flatMap((g) => g.projects);
    expect(critical.every((p) => p.openFlags.critical > 0)).toBe(true);
    expect(critical.length).toBe(view.programmes.flatMap((g) => g.projects).filter((p) => p.openFlags.critical > 0).length);
  });

  it('answers an unchanged portfolio with 304 to its ETag, and a changed one in full', async () => {
    const first = await ctx.as(org.adminToken).get('/v1/portfolio').expect(200);
    const etag = first.headers.etag as string;
    await ctx.as(org.adminToken).get('/v1/portfolio').set('if-none-match', etag).expect(304);
    // A write that touches a project: the next read shows it (and a new ETag).
    await ctx.as(org.adminToken).post('/v1/spend').set('idempotency-key', 'evidence-demo-1')
      .send({ projectId: row('DI-01').id, spentOn: new Date().toISOString().slice(0, 10), amount: '1000.00', currency: 'GBP', category: 'resource', costType: 'suppliers', supplier: 'Evidence Ltd', supplierIsSme: false })
      .expect(201);
    const after = await ctx.as(org.adminToken).get('/v1/portfolio').set('if-none-match', etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    const spent = (after.body.programmes as { projects: Row[] }[]).flatMap((g) => g.projects).find((p) => p.code === 'DI-01')?.finance?.spent as string;
    expect(Math.round(Number(spent) * 100) - Math.round(Number(row('DI-01').finance?.spent) * 100)).toBe(100000);
    expect(after.body.evidenceAsOf).toEqual(expect.any(String));
  });
});
