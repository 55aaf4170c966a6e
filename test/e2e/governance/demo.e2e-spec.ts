import { systemActor } from '@app/platform';
import { RULE_CODES } from '@app/governance';
import { DEMO_SEEDERS } from '../../../scripts/demo/seed';
import { TestContext, TestOrg } from '@test/support/test-app';

/** After the demo seeds, a board opening the product sees flags of most rules and an optimism gap. */
describe('demo governance', () => {
  let ctx: TestContext;
  let org: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation('Demo Council');
    const actor = systemActor(org.id, 'demo seed');
    for (const seeder of DEMO_SEEDERS) await seeder.seed(ctx.app, actor, () => undefined);
  });
  afterAll(() => ctx.close());

  it('shows open flags of most rules, including at least one optimism gap', async () => {
    const flags = await ctx.as(org.adminToken).get('/v1/flags?status=open&limit=200').expect(200);
    const rules = new Set(flags.body.data.map((f: { rule: string }) => f.rule));
    expect(rules.size).toBeGreaterThanOrEqual(Math.ceil(RULE_CODES.length * 0.9));
    expect(rules.has('optimism_gap')).toBe(true);
  });

  it('flags the contractor-reliant service with no recent knowledge transfer, and only that one', async () => {
    const flags = await ctx.as(org.adminToken).get('/v1/flags?status=open&rule=capability_dependency&limit=200').expect(200);
    const codes = await ctx.db.query(`SELECT code FROM projects WHERE id = ANY($1::uuid[]) ORDER BY code`, [flags.body.data.map((f: { projectId: string }) => f.projectId)]);
    expect(codes.rows.map((r) => r.code)).toEqual(['DI-01']);
  });

  it('shows the optimism gap in the portfolio beside the reported rating', async () => {
    const view = await ctx.as(org.adminToken).get('/v1/portfolio').expect(200);
    const gaps = view.body.programmes.flatMap((g: { projects: { code: string; optimismGap: number | null }[] }) => g.projects).filter((p: { optimismGap: number | null }) => (p.optimismGap ?? 0) >= 2);
    expect(gaps.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(['WF-02']));
  });
});
