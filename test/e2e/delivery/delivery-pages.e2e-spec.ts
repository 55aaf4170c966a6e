import { TestContext, TestOrg } from '@test/support/test-app';
import { BoardClient } from '../board/board-client';
import { seedDemo } from '../board/demo';

/** The board's milestones and benefits on a project page, and the objective page, on the demo data. */
describe('board delivery pages', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: BoardClient;
  const projectId = async (code: string) => (await ctx.db.query(`SELECT id FROM projects WHERE organisation_id = $1 AND code = $2`, [org.id, code])).rows[0].id as string;

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await seedDemo(ctx);
    admin = new BoardClient(ctx);
    expect((await admin.signIn(org.adminToken)).status).toBe(303);
  }, 600_000);
  afterAll(() => ctx.close());

  it("shows a project's milestones against their baseline and its benefits planned against realised", async () => {
    const id = await projectId('WF-02');
    const page = await admin.get(`/board/projects/${id}`).expect(200);
    expect(page.text).toContain('id="milestones"');
    expect(page.text).toContain('Case management go-live');
    expect(page.text).toMatch(/data-slip="60"><strong class="govuk-tag govuk-tag--red">60 days late/);
    expect(page.text).toContain('id="benefits"');
    expect(page.text).toContain('Fewer agency social workers');
    expect(page.text).toContain('No measurable KPI');

    const cs03 = await projectId('CS-03');
    const api = (await ctx.as(org.adminToken).get(`/v1/projects/${cs03}/benefits`).expect(200)).body;
    const behind = await admin.get(`/board/projects/${cs03}`).expect(200);
    expect(behind.text).toContain('data-figure="benefits-totals"');
    expect(behind.text).toContain(`(${api.totals.realisedPctOfPlan}%)`);
  });

  it('shows an objective with its programmes, benefits, KPIs and the share of planned benefit realised', async () => {
    const [objective] = (await ctx.db.query(`SELECT id FROM strategic_objectives WHERE organisation_id = $1 AND code = 'OBJ-1'`, [org.id])).rows;
    const api = (await ctx.as(org.adminToken).get(`/v1/objectives/${objective.id}/delivery`).expect(200)).body;
    const page = await admin.get(`/board/objectives/${objective.id}`).expect(200);
    expect(page.text).toContain('Residents can do business with the council online, first time');
    expect(page.text).toContain('Customer Services Transformation');
    expect(page.text).toContain(`${api.realisedPctOfPlannedTotal}% of the benefit planned for this objective has been realised`);
    expect(page.text).toContain('Fewer council tax calls to the contact centre');
    expect(api.kpis.length).toBeGreaterThan(0);
    const portfolio = await admin.get('/board').expect(200);
    expect(portfolio.text).toContain(`/board/objectives/${objective.id}`);
    const other = await ctx.newOrganisation();
    const [theirs] = (await ctx.db.query(`INSERT INTO strategic_objectives (organisation_id, code, title) VALUES ($1, 'OBJ-X', 'Theirs') RETURNING id`, [other.id])).rows;
    await admin.get(`/board/objectives/${theirs.id}`).expect(404);
  });
});
