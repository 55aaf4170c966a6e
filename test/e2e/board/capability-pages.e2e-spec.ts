import { BenchmarksService } from '@app/benchmarks';
import { insertSpendEntry } from '@test/support/factories/capability';
import { daysAgo } from '@test/support/factories/engagement';
import { TestContext, TestOrg } from '@test/support/test-app';
import { BoardClient } from './board-client';
import { seedDemo } from './demo';

/** The capability section, the pack's capability line and How we compare, on the demo data. */
describe('board capability and benchmarks pages', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: BoardClient;

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await seedDemo(ctx);
    admin = new BoardClient(ctx);
    expect((await admin.signIn(org.adminToken)).status).toBe(303);
  }, 120_000);
  afterAll(() => ctx.close());

  it('shows a project its reliance on outside expertise, its plan and knowledge transfer, beside the rating and not in it', async () => {
    const [project] = (await ctx.db.query(`SELECT id FROM projects WHERE organisation_id = $1 AND code = 'CS-01'`, [org.id])).rows;
    await insertSpendEntry(ctx.db, org.id, project.id, daysAgo(10), '25000.00', 'staff');
    const api = await ctx.as(org.adminToken).get(`/v1/projects/${project.id}/capability`).expect(200);
    const page = await admin.get(`/board/projects/${project.id}`).expect(200);
    expect(page.text).toContain('id="capability"');
    expect(page.text).toContain(`<span data-figure="outside-share">${api.body.outsideExpertise.last12Months.sharePct}%</span>`);
    expect(page.text).toContain('Developer: 2 of 3');
    expect(page.text).toMatch(/pairing with 2 permanent staff/);
    expect(page.text).toContain('does not move the evidence-based rating');
  });

  it('puts a capability line per programme in the board pack', async () => {
    const page = await admin.get('/board/pack').expect(200);
    const lines = page.text.match(/data-section="capability"/g) ?? [];
    const programmes = (await ctx.db.query(`SELECT count(*)::int AS n FROM programmes WHERE organisation_id = $1`, [org.id])).rows[0].n;
    expect(lines).toHaveLength(programmes);
    expect(page.text).toMatch(/in-house roles filled/);
  });

  it('shows How we compare: nothing before a run, then our figure beside the published benchmark', async () => {
    const before = await admin.get('/board/benchmarks').expect(200);
    expect(before.text).toContain('No benchmarks have been computed yet.');
    expect(before.text).toContain('data-participation="out"');
    expect(before.text).toContain('href="/board/benchmarks"');
    // Five organisations opted in (the demo council and four with an equal share of outside expertise).
    await ctx.as(org.adminToken).put('/v1/benchmarks/participation').send({ optedIn: true }).expect(200);
    for (let i = 0; i < 4; i++) {
      const other = await ctx.newOrganisation();
      const programme = (await ctx.db.query(`INSERT INTO programmes (organisation_id, code, name) VALUES ($1, 'P', 'P') RETURNING id`, [other.id])).rows[0].id;
      const project = (await ctx.db.query(`INSERT INTO projects (organisation_id, programme_id, code, name, phase) VALUES ($1, $2, 'X', 'X', 'beta') RETURNING id`, [other.id, programme])).rows[0].id;
      await insertSpendEntry(ctx.db, other.id, project, daysAgo(5), '500.00', 'consultancy');
      await insertSpendEntry(ctx.db, other.id, project, daysAgo(5), '500.00', 'staff');
      await ctx.as(other.adminToken).put('/v1/benchmarks/participation').send({ optedIn: true }).expect(200);
    }
    await ctx.app.get(BenchmarksService).compute();
    const view = await ctx.as(org.adminToken).get('/v1/benchmarks').expect(200);
    const share = view.body.figures.find((f: { metric: string }) => f.metric === 'outside_expertise_share');
    expect(share).toMatchObject({ contributors: 5, median: '50.00' });
    const page = await admin.get('/board/benchmarks').expect(200);
    expect(page.text).toContain('data-participation="in"');
    expect(page.text).toMatch(/Computed .* across 5 organisations that opted in/);
    const row = page.text.split('data-metric="outside_expertise_share"')[1].split('</tr>')[0];
    expect(row).toContain(`>${share.own}<`);
    expect(row).toContain('>50.00<');
    expect(row).toContain('>5<');
  });
});
