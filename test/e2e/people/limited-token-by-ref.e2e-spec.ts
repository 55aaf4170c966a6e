import { currentFinancialYear, day, insertPerson } from '@test/support/factories/evidence';
import { daysAgo, insertBuyIn, insertEngagement, insertTraining } from '@test/support/factories/engagement';
import { insertSpendEntry } from '@test/support/factories/capability';
import { insertBudget } from '@test/support/factories/finance';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';

/**
 * An integration token limited to some programmes syncs by the tool's own references within them,
 * and outside them is answered 404 (as for another organisation's data), writing nothing there.
 */
describe('upserts by reference with a token limited to some programmes', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let admin: string;
  let limited: string;
  let mine: string;
  let theirs: string;
  let ownerId: string;
  const far: Record<'project' | 'kpi' | 'group', string> = { project: '', kpi: '', group: '' };

  const project = (programmeId: string, code: string) => ({ programmeId, code, name: `Project ${code}`, phase: 'beta' });
  const kpi = (ref: string) => ({ project: { source: 'jira', id: ref }, kind: 'custom', name: 'Online payments', unit: 'payments', direction: 'increase', baselineValue: 100, targetValue: 500 });
  const group = (ref: string) => ({ project: { source: 'jira', id: ref }, name: 'Residents who pay council tax', kind: 'citizens', internal: false });
  const milestone = (ref: string) => ({ project: { source: 'jira', id: ref }, title: 'Private beta opens', baselineDate: day(30), ownerPersonId: ownerId });
  const count = async (table: string, externalId: string) =>
    (await ctx.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE organisation_id = $1 AND external_id = $2`, [org.id, externalId])).rows[0].n as number;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    admin = org.adminToken;
    ownerId = await insertPerson(ctx.db, org.id, ['admin']);
    mine = (await ctx.as(admin).post('/v1/programmes').send({ code: 'MINE', name: 'Reachable' }).expect(201)).body.id;
    theirs = (await ctx.as(admin).post('/v1/programmes').send({ code: 'THEIRS', name: 'Out of reach' }).expect(201)).body.id;
    limited = (
      await ctx
        .as(admin)
        .post('/v1/tokens')
        .send({ name: 'jira sync', scopes: ['portfolio:read', 'portfolio:write', 'kpis:write', 'engagement:write'], integration: { name: 'Jira', ownerPersonId: ownerId, programmeIds: [mine] } })
        .expect(201)
    ).body.token;
    // Records the limited token cannot reach, under references it will try.
    far.project = (await ctx.as(admin).put('/v1/projects/by-ref/jira/FAR-1').send(project(theirs, 'FAR-1')).expect(201)).body.id;
    far.kpi = (await ctx.as(admin).put('/v1/kpis/by-ref/jira/FAR-KPI').send(kpi('FAR-1')).expect(201)).body.id;
    far.group = (await ctx.as(admin).put('/v1/stakeholder-groups/by-ref/jira/FAR-SG').send(group('FAR-1')).expect(201)).body.id;
    await ctx.as(admin).put('/v1/milestones/by-ref/jira/FAR-MS').send(milestone('FAR-1')).expect(201);
  });
  afterAll(() => ctx.close());

  it('creates and updates projects, KPIs, measurements, groups and milestones within its programmes', async () => {
    const created = await ctx.as(limited).put('/v1/projects/by-ref/jira/NEAR-1').send(project(mine, 'NEAR-1')).expect(201);
    expect(created.body).toMatchObject({ programmeId: mine, externalRef: { source: 'jira', id: 'NEAR-1' } });
    expect((await ctx.as(limited).put('/v1/projects/by-ref/jira/NEAR-1').send({ name: 'Renamed' }).expect(200)).body).toMatchObject({ id: created.body.id, name: 'Renamed' });

    const k = await ctx.as(limited).put('/v1/kpis/by-ref/jira/NEAR-KPI').send(kpi('NEAR-1')).expect(201);
    expect(k.body.projectId).toBe(created.body.id);
    await ctx.as(limited).put('/v1/kpis/by-ref/jira/NEAR-KPI').send({ targetValue: 600 }).expect(200);
    const readings = await ctx.as(limited).post('/v1/kpis/by-ref/jira/NEAR-KPI/measurements').send({ items: [{ date: day(-1), value: 120 }] }).expect(200);
    expect(readings.body.summary).toMatchObject({ created: 1 });

    expect((await ctx.as(limited).put('/v1/stakeholder-groups/by-ref/jira/NEAR-SG').send(group('NEAR-1')).expect(201)).body.projectId).toBe(created.body.id);
    await ctx.as(limited).put('/v1/stakeholder-groups/by-ref/jira/NEAR-SG').send({ size: 1200 }).expect(200);
    expect((await ctx.as(limited).put('/v1/milestones/by-ref/jira/NEAR-MS').send(milestone('NEAR-1')).expect(201)).body.programmeId).toBe(mine);
    await ctx.as(limited).put('/v1/milestones/by-ref/jira/NEAR-MS').send({ forecastDate: day(40) }).expect(200);
  });

  it('answers 404 for a record outside its programmes (400 for a patch, which to it names nothing yet), and changes nothing', async () => {
    const before = (await ctx.db.query(`SELECT name, version FROM projects WHERE organisation_id = $1 AND external_id = 'FAR-1'`, [org.id])).rows[0];
    // To this token the reference names no project: a patch is a create missing its fields (400)...
    expect(expectProblem(await ctx.as(limited).put('/v1/projects/by-ref/jira/FAR-1').send({ name: 'Taken over' }), 400).errors?.map((e) => e.field)).toEqual(['programmeId', 'code', 'phase']);
    // ...and a whole record placed in its own programme does not make a second project under the taken reference.
    expect(expectProblem(await ctx.as(limited).put('/v1/projects/by-ref/jira/FAR-1').send(project(mine, 'FAR-1-COPY')), 404).detail).toMatch(/project/);
    expect((await ctx.db.query(`SELECT name, version FROM projects WHERE organisation_id = $1 AND external_id = 'FAR-1'`, [org.id])).rows[0]).toEqual(before);
    expect(await count('projects', 'FAR-1')).toBe(1);

    expectProblem(await ctx.as(limited).put('/v1/kpis/by-ref/jira/FAR-KPI').send({ targetValue: 1 }), 400);
    expectProblem(await ctx.as(limited).put('/v1/kpis/by-ref/jira/FAR-KPI').send({ ...kpi('NEAR-1') }), 404);
    expectProblem(await ctx.as(limited).post('/v1/kpis/by-ref/jira/FAR-KPI/measurements').send({ items: [{ date: day(-1), value: 1 }] }), 404);
    expectProblem(await ctx.as(limited).put('/v1/stakeholder-groups/by-ref/jira/FAR-SG').send({ ...group('NEAR-1') }), 404);
    expectProblem(await ctx.as(limited).put('/v1/milestones/by-ref/jira/FAR-MS').send({ ...milestone('NEAR-1') }), 404);
    expect([await count('kpis', 'FAR-KPI'), await count('stakeholder_groups', 'FAR-SG'), await count('milestones', 'FAR-MS')]).toEqual([1, 1, 1]);
    const far = await ctx.db.query(
      `SELECT (SELECT target_value::float8 FROM kpis WHERE organisation_id = $1 AND external_id = 'FAR-KPI') AS target,
              (SELECT count(*)::int FROM kpi_measurements m JOIN kpis k ON k.id = m.kpi_id WHERE k.organisation_id = $1 AND k.external_id = 'FAR-KPI') AS readings`,
      [org.id],
    );
    expect(far.rows[0]).toEqual({ target: 500, readings: 0 });
  });

  it('answers 404 when it names a project or programme outside its programmes, and writes nothing', async () => {
    expect(expectProblem(await ctx.as(limited).put('/v1/projects/by-ref/jira/NEW-FAR').send(project(theirs, 'NEW-FAR')), 404).detail).toMatch(/programme/);
    expectProblem(await ctx.as(limited).put('/v1/projects/by-ref/jira/NEAR-1').send({ programmeId: theirs }), 404);
    expectProblem(await ctx.as(limited).put('/v1/kpis/by-ref/jira/NEW-KPI').send(kpi('FAR-1')), 404);
    expectProblem(await ctx.as(limited).put('/v1/stakeholder-groups/by-ref/jira/NEW-SG').send(group('FAR-1')), 404);
    expectProblem(await ctx.as(limited).put('/v1/milestones/by-ref/jira/NEW-MS').send(milestone('FAR-1')), 404);
    expect([await count('projects', 'NEW-FAR'), await count('kpis', 'NEW-KPI'), await count('stakeholder_groups', 'NEW-SG'), await count('milestones', 'NEW-MS')]).toEqual([0, 0, 0, 0]);
    expect((await ctx.db.query(`SELECT programme_id FROM projects WHERE organisation_id = $1 AND external_id = 'NEAR-1'`, [org.id])).rows[0].programme_id).toBe(mine);
  });

  it('still needs the write scope (403) and sends field errors for a bad body (400)', async () => {
    const readOnly = (
      await ctx.as(admin).post('/v1/tokens').send({ name: 'read only', scopes: ['portfolio:read'], integration: { name: 'Reporting', ownerPersonId: ownerId, programmeIds: [mine] } }).expect(201)
    ).body.token;
    expect(expectProblem(await ctx.as(readOnly).put('/v1/projects/by-ref/jira/RO-1').send(project(mine, 'RO-1')), 403).code).toBe('insufficient_scope');
    expect(expectProblem(await ctx.as(limited).put('/v1/projects/by-ref/jira/BAD-1').send({ programmeId: mine, code: 'BAD-1' }), 400).errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['name', 'phase']));
    expect(await count('projects', 'BAD-1')).toBe(0);
  });

  it('lists nothing outside its programmes, and reads none of it by id', async () => {
    const group = { id: far.group, projectId: far.project, name: 'Residents who pay council tax' };
    const hidden: [string, string][] = [
      ['/v1/projects', far.project],
      ['/v1/kpis', far.kpi],
      ['/v1/stakeholder-groups', far.group],
      ['/v1/engagements', await insertEngagement(ctx.db, org.id, group)],
      ['/v1/buy-in-readings', await insertBuyIn(ctx.db, org.id, group, { surveyedOn: daysAgo(2), supportivePct: '60', neutralPct: '30', opposedPct: '10' })],
      ['/v1/training-records', await insertTraining(ctx.db, org.id, group, { recordedOn: daysAgo(2), staffInScope: 40, staffTrained: 10 })],
    ];
    await insertSpendEntry(ctx.db, org.id, far.project, daysAgo(3), '1250.00', 'suppliers');
    await insertBudget(ctx.db, org.id, far.project, currentFinancialYear(), '90000.00');
    const ids = async (token: string, path: string) => ((await ctx.as(token).get(`${path}?limit=100`).expect(200)).body.data as { id?: string; projectId?: string }[]);
    for (const [path, id] of hidden) {
      expect((await ids(admin, path)).map((i) => i.id)).toContain(id);
      expect((await ids(limited, path)).map((i) => i.id)).not.toContain(id);
      expectProblem(await ctx.as(limited).get(`${path}/${id}`), 404);
    }
    for (const path of ['/v1/spend', '/v1/budgets']) {
      expect((await ids(admin, path)).map((i) => i.projectId)).toContain(far.project);
      expect((await ids(limited, path)).map((i) => i.projectId)).not.toContain(far.project);
    }
  });
});
