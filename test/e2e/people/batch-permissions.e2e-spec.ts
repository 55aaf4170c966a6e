import { TestContext, TestOrg, expectProblem } from '@test/support/test-app';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { insertKpi, isoDaysAgo } from '@test/support/factories/kpis';
import { newKey, spendBody } from '@test/support/factories/finance';

/**
 * Batches from people and programme-limited tokens are judged item by item (one query for the whole
 * batch): items they may not write answer forbidden, items they cannot see not_found, the rest are stored.
 */
describe('batch permissions', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let pmToken: string;
  let projectId: string;
  let kpis: { mine: string; sibling: string; restricted: string; theirs: string };

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation('Batch Permissions Council');
    other = await ctx.newOrganisation('Other Batch Council');
    const programme = await insertProgramme(ctx.db, org.id);
    const project = await insertProject(ctx.db, org.id, { programmeId: programme.id });
    projectId = project.id;
    const sibling = await insertProject(ctx.db, org.id, { programmeId: programme.id });
    const restricted = await insertProgramme(ctx.db, org.id);
    const restrictedProject = await insertProject(ctx.db, org.id, { programmeId: restricted.id });
    const theirProject = await insertProject(ctx.db, other.id, { programmeId: (await insertProgramme(ctx.db, other.id)).id });
    await ctx.as(org.adminToken).put(`/v1/programmes/${restricted.id}/restriction`).send({ restricted: true }).expect(200);
    const pm = (await ctx.as(org.adminToken).post('/v1/people').send({ email: 'batch.pm@people.gov.uk', name: 'Batch PM' }).expect(201)).body;
    await ctx.as(org.adminToken).post('/v1/memberships').send({ personId: pm.id, role: 'project_manager', projectId: project.id }).expect(201);
    pmToken = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'pm batch', scopes: ['portfolio:read', 'kpis:write', 'finance:write'], personId: pm.id }).expect(201)).body.token;
    kpis = {
      mine: (await insertKpi(ctx.db, org.id, project.id)).id,
      sibling: (await insertKpi(ctx.db, org.id, sibling.id)).id,
      restricted: (await insertKpi(ctx.db, org.id, restrictedProject.id)).id,
      theirs: (await insertKpi(ctx.db, other.id, theirProject.id)).id,
    };
  });
  afterAll(() => ctx.close());

  const stored = async (kpiId: string) => (await ctx.db.query(`SELECT count(*)::int AS n FROM kpi_measurements WHERE kpi_id = $1`, [kpiId])).rows[0].n as number;
  const item = (kpiId: string) => ({ kpiId, date: isoDaysAgo(1), value: 42 });

  it('stores a member’s measurements on their project and refuses the others one by one', async () => {
    const res = await ctx.as(pmToken).post('/v1/kpis/measurements/batch').send({ items: [item(kpis.mine), item(kpis.sibling), item(kpis.restricted), item(kpis.theirs)] }).expect(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'forbidden', 'not_found', 'not_found']);
    expect(res.body.results[1].errors[0]).toMatchObject({ field: 'items[1].kpiId', message: expect.stringContaining('member') });
    expect(res.body.summary).toMatchObject({ created: 1, forbidden: 1, not_found: 2 });
    expect([await stored(kpis.mine), await stored(kpis.sibling), await stored(kpis.restricted), await stored(kpis.theirs)]).toEqual([1, 0, 0, 0]);
    // A restricted KPI answers exactly as another organisation's.
    expect(res.body.results[2].errors).toEqual([{ field: 'items[2].kpiId', message: 'no such KPI in this organisation' }]);
    expect(res.body.results[3].errors).toEqual([{ field: 'items[3].kpiId', message: 'no such KPI in this organisation' }]);
  });

  it('still says what to fix in a malformed batch', async () => {
    expectProblem(await ctx.as(pmToken).post('/v1/kpis/measurements/batch').send({ items: [item(kpis.mine)], unexpected: true }), 400);
  });

  it('refuses the whole batch when no membership could grant the scope', async () => {
    // finance:write never comes through a membership.
    const res = await ctx.as(pmToken).post('/v1/spend/batch').set('Idempotency-Key', newKey()).send({ items: [spendBody(projectId)] });
    expect(expectProblem(res, 403).code).toBe('insufficient_scope');
  });

  it('answers a programme-limited token’s spend outside its programmes per item, and stores the rest', async () => {
    const owner = (await ctx.as(org.adminToken).post('/v1/people').send({ email: 'batch.owner@people.gov.uk', name: 'Batch Owner', roles: ['finance'] }).expect(201)).body;
    const mine = await insertProgramme(ctx.db, org.id);
    const notMine = await insertProgramme(ctx.db, org.id);
    const projectIn = await insertProject(ctx.db, org.id, { programmeId: mine.id });
    const projectOut = await insertProject(ctx.db, org.id, { programmeId: notMine.id });
    const token = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'finance feed', scopes: ['portfolio:read', 'finance:write'], integration: { name: 'Ledger', ownerPersonId: owner.id, programmeIds: [mine.id] } }).expect(201)).body.token;
    const res = await ctx
      .as(token)
      .post('/v1/spend/batch')
      .set('Idempotency-Key', newKey())
      .send({ items: [spendBody(projectIn.id, { reference: 'IN-1' }), spendBody(projectOut.id, { reference: 'OUT-1' })] })
      .expect(200);
    expect(res.body.results.map((r: { result: string }) => r.result)).toEqual(['created', 'not_found']);
    expect(res.body).toMatchObject({ created: 1, notFound: 1, forbidden: 0 });
    const rows = (await ctx.db.query(`SELECT project_id FROM spend_entries WHERE organisation_id = $1 AND project_id = ANY ($2::uuid[])`, [org.id, [projectIn.id, projectOut.id]])).rows;
    expect(rows).toEqual([{ project_id: projectIn.id }]);
  });
});
