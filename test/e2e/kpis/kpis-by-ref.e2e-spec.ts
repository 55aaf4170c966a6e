import { insertPerson } from '@test/support/factories/evidence';
import { daysAgo } from '@test/support/factories/engagement';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';

/** KPIs and their measurements addressed by the integrating tool's own ids, never ours. */
describe('KPIs by external reference', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let sync: string;
  let reader: string;
  let programmeId: string;
  let projectId: string;

  const kpiBody = { project: { source: 'jira', id: 'PRJ-1' }, kind: 'custom', name: 'Online payments', unit: 'payments', direction: 'increase', baselineValue: 100, targetValue: 500 };

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    sync = await ctx.token(org, ['portfolio:read', 'portfolio:write', 'kpis:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    programmeId = (await ctx.as(sync).post('/v1/programmes').send({ code: 'CS', name: 'Customer services' }).expect(201)).body.id;
    projectId = (await ctx.as(sync).put('/v1/projects/by-ref/jira/PRJ-1').send({ programmeId, code: 'PRJ-1', name: 'Pay online', phase: 'beta' }).expect(201)).body.id;
  });
  afterAll(() => ctx.close());

  describe('PUT /v1/kpis/by-ref/{source}/{externalId}', () => {
    it("creates a KPI under the project's own reference, then changes only the fields sent; null clears", async () => {
      const created = await ctx.as(sync).put('/v1/kpis/by-ref/survey-tool/KPI-1').send(kpiBody).expect(201);
      expect(created.headers.location).toBe(`/v1/kpis/${created.body.id}`);
      expect(created.headers.etag).toBe('"1"');
      expect(created.body).toMatchObject({ projectId, programmeId, name: 'Online payments', kind: 'custom', externalRef: { source: 'survey-tool', id: 'KPI-1' }, version: 1 });
      // A person fills in what the tool does not know.
      await ctx.as(sync).patch(`/v1/kpis/${created.body.id}`).set('if-match', '"1"').send({ owner: 'Head of Payments', description: 'Entered by a person' }).expect(200);

      const synced = await ctx.as(sync).put('/v1/kpis/by-ref/survey-tool/KPI-1').set('content-type', 'application/merge-patch+json').send(JSON.stringify({ name: 'Payments online', targetValue: 600 })).expect(200);
      expect(synced.headers.etag).toBe('"3"');
      expect(synced.body).toMatchObject({ id: created.body.id, name: 'Payments online', targetValue: 600, baselineValue: 100, unit: 'payments', owner: 'Head of Payments', description: 'Entered by a person', version: 3 });

      const cleared = await ctx.as(sync).put('/v1/kpis/by-ref/survey-tool/KPI-1').send({ description: null }).expect(200);
      expect(cleared.body).toMatchObject({ id: created.body.id, description: null, owner: 'Head of Payments', name: 'Payments online', version: 4 });
      // A field that may not be empty refuses null.
      expect(expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/survey-tool/KPI-1').send({ name: null }), 400).errors?.map((e) => e.field)).toContain('name');

      const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE organisation_id = $1 AND entity_id = $2 ORDER BY occurred_at, id`, [org.id, created.body.id]);
      expect(audit.rows.map((r) => r.action)).toEqual(['kpi.created', 'kpi.updated', 'kpi.updated', 'kpi.updated']);
    });

    it('changes nothing when the same body comes again: same id, same version, no audit', async () => {
      const body = { ...kpiBody, projectId, project: undefined, name: 'Repeatable' };
      const first = await ctx.as(sync).put('/v1/kpis/by-ref/survey-tool/KPI-2').send(body).expect(201);
      const again = await ctx.as(sync).put('/v1/kpis/by-ref/survey-tool/KPI-2').send(body).expect(200);
      expect(again.body).toMatchObject({ id: first.body.id, version: 1 });
      expect(again.headers.etag).toBe('"1"');
      const audit = await ctx.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE organisation_id = $1 AND entity_id = $2`, [org.id, first.body.id]);
      expect(audit.rows[0].n).toBe(1);
      // Another tool's id of the same value is another KPI.
      const otherTool = await ctx.as(sync).put('/v1/kpis/by-ref/spreadsheet/KPI-2').send(body).expect(201);
      expect(otherTool.body.id).not.toBe(first.body.id);
    });

    it('creates one KPI when identical first calls race', async () => {
      const responses = await Promise.all(Array.from({ length: 10 }, () => ctx.as(sync).put('/v1/kpis/by-ref/survey-tool/RACE-1').send(kpiBody)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    });

    it('refuses a bad source, id or body (400)', async () => {
      expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/bad%20source/KPI-9').send(kpiBody), 400);
      expectProblem(await ctx.as(sync).put(`/v1/kpis/by-ref/jira/${'x'.repeat(129)}`).send(kpiBody), 400);
      expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-9').send({ ...kpiBody, direction: 'sideways' }), 400);
      expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-9').send({ ...kpiBody, colour: 'red' }), 400);
      expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-9').send({ ...kpiBody, project: { source: 'jira' } }), 400);
      expect(expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-9').send({ ...kpiBody, projectId }), 400).errors?.map((e) => e.field)).toEqual(['project']);
      // Creating needs the project and the kind.
      const missing = expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-9').send({ name: 'Only a name' }), 400);
      expect(missing.errors?.map((e) => e.field)).toEqual(['projectId', 'kind']);
      // A KPI never moves project, and never changes kind.
      const second = (await ctx.as(sync).put('/v1/projects/by-ref/jira/PRJ-2').send({ programmeId, code: 'PRJ-2', name: 'Second', phase: 'alpha' }).expect(201)).body.id;
      await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-10').send(kpiBody).expect(201);
      expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-10').send({ projectId: second }), 400);
      expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-10').send({ kind: 'user_satisfaction' }), 400);
      const count = await ctx.db.query(`SELECT count(*)::int AS n FROM kpis WHERE organisation_id = $1 AND external_id = 'KPI-9'`, [org.id]);
      expect(count.rows[0].n).toBe(0);
    });

    it('refuses a token without kpis:write (403); a programme-limited integration writes within its programmes only', async () => {
      expectProblem(await ctx.as(reader).put('/v1/kpis/by-ref/jira/KPI-RO').send(kpiBody), 403);
      const owner = await insertPerson(ctx.db, org.id, ['admin']);
      const elsewhere = (await ctx.as(sync).post('/v1/programmes').send({ code: 'ELSE', name: 'Elsewhere' }).expect(201)).body.id;
      const limited = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'survey sync', scopes: ['portfolio:read', 'kpis:write'], integration: { name: 'Survey tool', ownerPersonId: owner, programmeIds: [elsewhere] } }).expect(201)).body.token;
      expect(expectProblem(await ctx.as(limited).put('/v1/kpis/by-ref/jira/KPI-RO').send(kpiBody), 404).detail).toMatch(/project/);
      const count = await ctx.db.query(`SELECT count(*)::int AS n FROM kpis WHERE organisation_id = $1 AND external_id = 'KPI-RO'`, [org.id]);
      expect(count.rows[0].n).toBe(0);
    });

    it("answers 404 for a project (by reference or id) of another organisation, and writes nothing", async () => {
      const theirProgramme = (await ctx.as(other.adminToken).post('/v1/programmes').send({ code: 'T', name: 'Theirs' }).expect(201)).body.id;
      const theirProject = (await ctx.as(other.adminToken).put('/v1/projects/by-ref/jira/THEIRS-1').send({ programmeId: theirProgramme, code: 'T-1', name: 'Theirs', phase: 'beta' }).expect(201)).body.id;
      expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-T').send({ ...kpiBody, project: { source: 'jira', id: 'THEIRS-1' } }), 404);
      expectProblem(await ctx.as(sync).put('/v1/kpis/by-ref/jira/KPI-T').send({ ...kpiBody, project: undefined, projectId: theirProject }), 404);
      // Their KPI under the same reference is theirs alone: ours is a new one.
      const theirs = (await ctx.as(other.adminToken).put('/v1/kpis/by-ref/jira/SHARED').send({ ...kpiBody, project: { source: 'jira', id: 'THEIRS-1' } }).expect(201)).body;
      const ours = (await ctx.as(sync).put('/v1/kpis/by-ref/jira/SHARED').send(kpiBody).expect(201)).body;
      expect(ours.id).not.toBe(theirs.id);
      const count = await ctx.db.query(`SELECT count(*)::int AS n FROM kpis WHERE organisation_id = $1 AND external_id = 'KPI-T'`, [org.id]);
      expect(count.rows[0].n).toBe(0);
    });
  });

  describe('POST /v1/kpis/by-ref/{source}/{externalId}/measurements', () => {
    it('records measurements through the KPI reference: each item on its own, and again changes nothing', async () => {
      const kpi = (await ctx.as(sync).put('/v1/kpis/by-ref/survey-tool/M-1').send(kpiBody).expect(201)).body;
      const items = [
        { date: daysAgo(60), value: 120 },
        { date: daysAgo(30), value: 180, note: 'after the launch' },
        { date: daysAgo(-5), value: 200 },
        { date: daysAgo(10), value: 190, kpiId: kpi.id },
      ];
      const first = await ctx.as(sync).post('/v1/kpis/by-ref/survey-tool/M-1/measurements').send({ items }).expect(200);
      expect(first.body.summary).toEqual({ created: 2, updated: 0, unchanged: 0, invalid: 2, not_found: 0, forbidden: 0 });
      expect(first.body.results[0]).toMatchObject({ index: 0, kpiId: kpi.id, status: 'created' });
      expect(first.body.results[2]).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ field: 'items[2].date' })] });
      expect(first.body.results[3]).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ field: 'items[3].kpiId' })] });
      const again = await ctx.as(sync).post('/v1/kpis/by-ref/survey-tool/M-1/measurements').set('content-type', 'application/json').send({ items: items.slice(0, 2) }).expect(200);
      expect(again.body.summary).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
      const stored = await ctx.as(reader).get(`/v1/kpis/${kpi.id}/measurements`).expect(200);
      expect(stored.body.data.map((m: { value: number }) => m.value)).toEqual([180, 120]);
    });

    it('refuses a bad source or body (400), a missing scope (403) and a reference of another organisation (404)', async () => {
      expectProblem(await ctx.as(sync).post('/v1/kpis/by-ref/bad%20source/M-1/measurements').send({ items: [{ date: daysAgo(1), value: 1 }] }), 400);
      expectProblem(await ctx.as(sync).post('/v1/kpis/by-ref/survey-tool/M-1/measurements').send({ items: [] }), 400);
      expectProblem(await ctx.as(sync).post('/v1/kpis/by-ref/survey-tool/M-1/measurements').send({}), 400);
      expectProblem(await ctx.as(reader).post('/v1/kpis/by-ref/survey-tool/M-1/measurements').send({ items: [{ date: daysAgo(1), value: 1 }] }), 403);
      expectProblem(await ctx.as(sync).post('/v1/kpis/by-ref/survey-tool/NOPE/measurements').send({ items: [{ date: daysAgo(1), value: 1 }] }), 404);
      const theirProgramme = (await ctx.as(other.adminToken).post('/v1/programmes').send({ code: 'T2', name: 'Theirs' }).expect(201)).body.id;
      await ctx.as(other.adminToken).put('/v1/projects/by-ref/jira/THEIRS-2').send({ programmeId: theirProgramme, code: 'T-2', name: 'Theirs', phase: 'beta' }).expect(201);
      await ctx.as(other.adminToken).put('/v1/kpis/by-ref/survey-tool/ONLY-THEIRS').send({ ...kpiBody, project: { source: 'jira', id: 'THEIRS-2' } }).expect(201);
      expectProblem(await ctx.as(sync).post('/v1/kpis/by-ref/survey-tool/ONLY-THEIRS/measurements').send({ items: [{ date: daysAgo(1), value: 1 }] }), 404);
      const count = await ctx.db.query(`SELECT count(*)::int AS n FROM kpi_measurements WHERE organisation_id = $1`, [other.id]);
      expect(count.rows[0].n).toBe(0);
    });
  });
});
