import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertProgramme, insertProject, ProjectRow } from '@test/support/factories/portfolio';
import { insertKpi, insertMeasurements, isoDaysAgo } from '@test/support/factories/kpis';

describe('KPI definitions', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let project: ProjectRow;
  let theirProject: ProjectRow;
  let reader: string;
  let writer: string;

  const measurable = () => ({ baselineValue: 60, baselineDate: isoDaysAgo(180), targetValue: 80, targetDate: isoDaysAgo(-180) });

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    project = await insertProject(ctx.db, org.id);
    theirProject = await insertProject(ctx.db, other.id);
    reader = await ctx.token(org, ['portfolio:read']);
    writer = await ctx.token(org, ['kpis:write']);
  });
  afterAll(() => ctx.close());

  describe('POST /v1/kpis', () => {
    it('fills a GOV.UK Service Standard template from the kind alone', async () => {
      const res = await ctx.as(writer).post('/v1/kpis').send({ projectId: project.id, kind: 'cost_per_transaction' }).expect(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        projectId: project.id,
        programmeId: project.programmeId,
        name: 'Cost per transaction',
        kind: 'cost_per_transaction',
        unit: 'GBP per transaction',
        direction: 'decrease',
        tolerancePct: 5,
        frequency: 'monthly',
        status: 'active',
        version: 1,
        measurable: false,
        missing: ['baselineValue', 'baselineDate', 'targetValue', 'targetDate'],
        evaluation: { status: 'not_measurable', progressPct: null, expectedPct: null, latest: null, stale: false },
      });
      expect(res.body.definition).toMatch(/costs .* each time a user completes/);
      const audit = await ctx.db.query(`SELECT action, after FROM audit_events WHERE entity_id = $1`, [res.body.id]);
      expect(audit.rows).toEqual([{ action: 'kpi.created', after: expect.objectContaining({ kind: 'cost_per_transaction', name: 'Cost per transaction' }) }]);
    });

    it('lets explicit fields override the template, and is measurable with baseline and target', async () => {
      const res = await ctx
        .as(org.adminToken)
        .post('/v1/kpis')
        .send({ projectId: project.id, kind: 'user_satisfaction', name: 'Satisfaction with the online account', tolerancePct: 3, frequency: 'quarterly', owner: 'Head of CX', dataSource: 'exit survey', ...measurable() })
        .expect(201);
      expect(res.body).toMatchObject({
        name: 'Satisfaction with the online account',
        unit: '%',
        direction: 'increase',
        tolerancePct: 3,
        frequency: 'quarterly',
        owner: 'Head of CX',
        dataSource: 'exit survey',
        baselineValue: 60,
        targetValue: 80,
        measurable: true,
        missing: [],
        evaluation: { status: 'no_data', expectedPct: 50, latest: null },
      });
    });

    it('creates a custom KPI, which needs a name and a direction, and may lack a unit', async () => {
      const res = await ctx.as(writer).post('/v1/kpis').send({ projectId: project.id, kind: 'custom', name: 'Calls avoided', direction: 'increase', ...measurable(), baselineValue: 1000, targetValue: 5000 }).expect(201);
      expect(res.body).toMatchObject({ definition: null, unit: null, measurable: false, missing: ['unit'] });
      const bad = expectProblem(await ctx.as(writer).post('/v1/kpis').send({ projectId: project.id, kind: 'custom' }), 400);
      expect(bad.errors?.map((e) => e.field).sort()).toEqual(['direction', 'name']);
    });

    it('validates fields, percentages, dates and the side of the target', async () => {
      const post = (body: object) => ctx.as(writer).post('/v1/kpis').send({ projectId: project.id, kind: 'completion_rate', ...body });
      const fieldsOf = async (body: object) => [...new Set((expectProblem(await post(body), 400).errors ?? []).map((e) => e.field))].sort();
      expect(await fieldsOf({ kind: 'happiness' })).toEqual(['kind']);
      expect(await fieldsOf({ projectId: 'nope' })).toEqual(['projectId']);
      expect(await fieldsOf({ baselineValue: '60' })).toEqual(['baselineValue']);
      expect(await fieldsOf({ baselineDate: '2025-02-30' })).toEqual(['baselineDate']);
      expect(await fieldsOf({ tolerancePct: 101, frequency: 'weekly', direction: 'up' })).toEqual(['direction', 'frequency', 'tolerancePct']);
      expect(await fieldsOf({ surprise: true })).toEqual(['surprise']);
      expect(await fieldsOf({ ...measurable(), targetValue: 120 })).toEqual(['targetValue']);
      expect(await fieldsOf({ ...measurable(), baselineValue: -1 })).toEqual(['baselineValue']);
      expect(await fieldsOf({ ...measurable(), targetDate: isoDaysAgo(200) })).toEqual(['targetDate']);
      const wrongSide = expectProblem(await post({ ...measurable(), targetValue: 50 }), 400);
      expect(wrongSide.errors).toEqual([{ field: 'targetValue', message: expect.stringContaining('above baselineValue (60)') }]);
      // A custom KPI is not limited to 0..100, and a "decrease" target sits below its baseline.
      await ctx.as(writer).post('/v1/kpis').send({ projectId: project.id, kind: 'custom', name: 'Days to decide', unit: 'days', direction: 'decrease', ...measurable(), baselineValue: 140, targetValue: 120 }).expect(201);
    });

    it('needs the kpis:write scope (403)', async () => {
      expectProblem(await ctx.as(reader).post('/v1/kpis').send({ projectId: project.id, kind: 'completion_rate' }), 403);
    });

    it("answers 404 for another organisation's project, the same as for a random id, and creates nothing", async () => {
      const before = await ctx.db.query(`SELECT count(*)::int AS n FROM kpis`);
      const foreign = expectProblem(await ctx.as(writer).post('/v1/kpis').send({ projectId: theirProject.id, kind: 'completion_rate' }), 404);
      const random = expectProblem(await ctx.as(writer).post('/v1/kpis').send({ projectId: randomUuid(), kind: 'completion_rate' }), 404);
      expect(foreign.detail).toBe(random.detail);
      expect((await ctx.db.query(`SELECT count(*)::int AS n FROM kpis`)).rows[0].n).toBe(before.rows[0].n);
    });
  });

  describe('GET /v1/kpis/{id}', () => {
    it('returns the KPI with its evaluation against the straight line', async () => {
      const kpi = await insertKpi(ctx.db, org.id, project.id, { name: 'Digital take-up', kind: 'digital_take_up', unit: '%', baselineValue: 40, targetValue: 80 });
      await insertMeasurements(ctx.db, org.id, kpi.id, [
        { date: isoDaysAgo(40), value: 55 },
        { date: isoDaysAgo(10), value: 58 },
      ]);
      const res = await ctx.as(reader).get(`/v1/kpis/${kpi.id}`).expect(200);
      expect(res.headers.etag).toBe('"1"');
      // 200 of 400 days gone: 50% expected, i.e. 60%; 58% is 45% of the way: behind by 5 points, at risk.
      expect(res.body.evaluation).toEqual({
        status: 'at_risk',
        progressPct: 45,
        expectedPct: 50,
        latest: { date: isoDaysAgo(10), value: 58 },
        stale: false,
        explanation: 'Digital take-up 58% against an expected 60% by now (45% of the way to 80%, 50% expected); tolerance 5 points: at risk',
      });
    });

    it('flags a KPI as stale when no measurement came within its frequency plus 15 days', async () => {
      const kpi = await insertKpi(ctx.db, org.id, project.id);
      await insertMeasurements(ctx.db, org.id, kpi.id, [{ date: isoDaysAgo(47), value: 60 }]);
      const res = await ctx.as(reader).get(`/v1/kpis/${kpi.id}`).expect(200);
      expect(res.body.evaluation).toMatchObject({ status: 'on_track', stale: true });
      expect(res.body.evaluation.explanation).toContain(`stale: last measured ${isoDaysAgo(47)}`);
    });

    it('answers 400 for a malformed id, 403 without portfolio:read, 404 for another organisation', async () => {
      const theirs = await insertKpi(ctx.db, other.id, theirProject.id);
      expectProblem(await ctx.as(reader).get('/v1/kpis/not-a-uuid'), 400);
      expectProblem(await ctx.as(writer).get(`/v1/kpis/${theirs.id}`), 403);
      const foreign = expectProblem(await ctx.as(reader).get(`/v1/kpis/${theirs.id}`), 404);
      const random = expectProblem(await ctx.as(reader).get(`/v1/kpis/${randomUuid()}`), 404);
      expect(foreign.detail).toBe(random.detail);
    });
  });

  describe('GET /v1/kpis', () => {
    let listOrg: TestOrg;
    let token: string;
    let projectA: ProjectRow;
    let projectB: ProjectRow;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      listOrg = await ctx.newOrganisation();
      token = await ctx.token(listOrg, ['portfolio:read']);
      const programme = await insertProgramme(ctx.db, listOrg.id);
      projectA = await insertProject(ctx.db, listOrg.id, { programmeId: programme.id });
      projectB = await insertProject(ctx.db, listOrg.id);
      // Expected progress today is 50% for the factory's default trajectory (0 -> 100).
      ids.onTrack = (await insertKpi(ctx.db, listOrg.id, projectA.id, { name: 'on track' })).id;
      await insertMeasurements(ctx.db, listOrg.id, ids.onTrack, [{ date: isoDaysAgo(5), value: 60 }]);
      ids.offTrack = (await insertKpi(ctx.db, listOrg.id, projectA.id, { name: 'off track', kind: 'completion_rate', unit: '%' })).id;
      await insertMeasurements(ctx.db, listOrg.id, ids.offTrack, [{ date: isoDaysAgo(5), value: 20 }]);
      ids.noData = (await insertKpi(ctx.db, listOrg.id, projectB.id, { name: 'no data' })).id;
      ids.notMeasurable = (await insertKpi(ctx.db, listOrg.id, projectB.id, { name: 'no target', targetValue: null, targetDate: null })).id;
      ids.retired = (await insertKpi(ctx.db, listOrg.id, projectB.id, { name: 'retired', status: 'retired' })).id;
      await insertMeasurements(ctx.db, listOrg.id, ids.retired, [{ date: isoDaysAgo(5), value: 70 }]);
    });

    const names = (res: { body: { data: { name: string }[] } }) => res.body.data.map((k) => k.name);

    it('lists every KPI of the organisation with its evaluation, in a stable order', async () => {
      const res = await ctx.as(token).get('/v1/kpis').expect(200);
      expect(names(res)).toEqual(['on track', 'off track', 'no data', 'no target', 'retired']);
      expect(res.body.data.map((k: { evaluation: { status: string } }) => k.evaluation.status)).toEqual(['on_track', 'off_track', 'no_data', 'not_measurable', 'on_track']);
      expect(res.body.nextCursor).toBeNull();
      const mine = await ctx.as(reader).get('/v1/kpis?limit=200').expect(200);
      expect(mine.body.data.map((k: { id: string }) => k.id)).not.toContain(ids.onTrack);
    });

    it('filters by project, programme, kind, lifecycle, evaluation status and staleness', async () => {
      expect(names(await ctx.as(token).get(`/v1/kpis?projectId=${projectB.id}`).expect(200))).toEqual(['no data', 'no target', 'retired']);
      expect(names(await ctx.as(token).get(`/v1/kpis?programmeId=${projectA.programmeId}`).expect(200))).toEqual(['on track', 'off track']);
      expect(names(await ctx.as(token).get('/v1/kpis?kind=completion_rate').expect(200))).toEqual(['off track']);
      expect(names(await ctx.as(token).get('/v1/kpis?lifecycle=retired').expect(200))).toEqual(['retired']);
      expect(names(await ctx.as(token).get('/v1/kpis?status=off_track').expect(200))).toEqual(['off track']);
      expect(names(await ctx.as(token).get('/v1/kpis?status=on_track&lifecycle=active').expect(200))).toEqual(['on track']);
      expect(names(await ctx.as(token).get('/v1/kpis?stale=true').expect(200))).toEqual([]);
      expect(names(await ctx.as(token).get('/v1/kpis?stale=false&status=no_data').expect(200))).toEqual(['no data']);
    });

    it('paginates with a cursor, also when filtering on the evaluation', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: { name: string }[]; nextCursor: string | null } } = await ctx.as(token).get(`/v1/kpis?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...page.body.data.map((k) => k.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['on track', 'off track', 'no data', 'no target', 'retired']);
      const first = await ctx.as(token).get('/v1/kpis?status=on_track&limit=1').expect(200);
      expect(names(first)).toEqual(['on track']);
      const second = await ctx.as(token).get(`/v1/kpis?status=on_track&limit=1&cursor=${first.body.nextCursor}`).expect(200);
      expect(names(second)).toEqual(['retired']);
      expect(second.body.nextCursor).toBeNull();
    });

    it('rejects bad filters (400) and needs portfolio:read (403)', async () => {
      for (const query of ['status=late', 'kind=x', 'projectId=1', 'stale=maybe', 'lifecycle=gone', 'limit=0', 'cursor=bad!']) {
        expectProblem(await ctx.as(token).get(`/v1/kpis?${query}`), 400);
      }
      expectProblem(await ctx.as(writer).get('/v1/kpis'), 403);
    });

    it("shows nothing for another organisation's project or programme", async () => {
      const res = await ctx.as(reader).get(`/v1/kpis?projectId=${projectA.id}`).expect(200);
      expect(res.body.data).toEqual([]);
    });
  });

  describe('PATCH /v1/kpis/{id}', () => {
    let kpiId: string;

    beforeAll(async () => {
      const created = await ctx.as(writer).post('/v1/kpis').send({ projectId: project.id, kind: 'digital_take_up' }).expect(201);
      kpiId = created.body.id;
    });

    it('needs If-Match (428) with the current version (412)', async () => {
      expectProblem(await ctx.as(writer).patch(`/v1/kpis/${kpiId}`).send({ owner: 'x' }), 428);
      const stale = expectProblem(await ctx.as(writer).patch(`/v1/kpis/${kpiId}`).set('if-match', '"9"').send({ owner: 'x' }), 412);
      expect(stale.currentVersion).toBe(1);
      expectProblem(await ctx.as(writer).patch(`/v1/kpis/${kpiId}`).set('if-match', 'yesterday').send({ owner: 'x' }), 400);
    });

    it('completes a KPI so it becomes measurable, bumps the version and audits before and after', async () => {
      const res = await ctx.as(writer).patch(`/v1/kpis/${kpiId}`).set('if-match', '"1"').send({ ...measurable(), owner: 'Channel shift lead' }).expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ version: 2, measurable: true, missing: [], owner: 'Channel shift lead', evaluation: { status: 'no_data' } });
      const audit = await ctx.db.query(`SELECT before, after FROM audit_events WHERE entity_id = $1 AND action = 'kpi.updated'`, [kpiId]);
      expect(audit.rows).toEqual([{ before: expect.objectContaining({ targetValue: null, owner: null }), after: expect.objectContaining({ targetValue: 80, owner: 'Channel shift lead' }) }]);
    });

    it('clears a field with null, and keeps the version when nothing changes', async () => {
      const cleared = await ctx.as(writer).patch(`/v1/kpis/${kpiId}`).set('if-match', '2').send({ targetValue: null }).expect(200);
      expect(cleared.body).toMatchObject({ version: 3, measurable: false, missing: ['targetValue'] });
      const same = await ctx.as(writer).patch(`/v1/kpis/${kpiId}`).set('if-match', '3').send({ targetValue: null, owner: 'Channel shift lead' }).expect(200);
      expect(same.body.version).toBe(3);
    });

    it('validates the merged KPI and refuses to change the kind or null a required field (400)', async () => {
      const fields = async (body: object) => [...new Set((expectProblem(await ctx.as(writer).patch(`/v1/kpis/${kpiId}`).set('if-match', '3').send(body), 400).errors ?? []).map((e) => e.field))];
      expect(await fields({ targetValue: 120 })).toEqual(['targetValue']);
      expect(await fields({ targetValue: 40 })).toEqual(['targetValue']);
      expect(await fields({ targetDate: isoDaysAgo(365) })).toEqual(['targetDate']);
      expect(await fields({ kind: 'custom' })).toEqual(['kind']);
      expect(await fields({ name: null })).toEqual(['name']);
      expect(await fields({ projectId: randomUuid() })).toEqual(['projectId']);
      expect((await ctx.as(reader).get(`/v1/kpis/${kpiId}`).expect(200)).body.version).toBe(3);
    });

    it('retires a KPI', async () => {
      const res = await ctx.as(writer).patch(`/v1/kpis/${kpiId}`).set('if-match', '3').send({ status: 'retired' }).expect(200);
      expect(res.body).toMatchObject({ status: 'retired', version: 4 });
    });

    it("needs kpis:write (403), and answers 404 for another organisation's KPI without changing it", async () => {
      expectProblem(await ctx.as(reader).patch(`/v1/kpis/${kpiId}`).set('if-match', '4').send({ owner: 'y' }), 403);
      const theirs = await insertKpi(ctx.db, other.id, theirProject.id, { name: 'theirs' });
      const foreign = expectProblem(await ctx.as(writer).patch(`/v1/kpis/${theirs.id}`).set('if-match', '1').send({ name: 'mine now' }), 404);
      const random = expectProblem(await ctx.as(writer).patch(`/v1/kpis/${randomUuid()}`).set('if-match', '1').send({ name: 'mine now' }), 404);
      expect(foreign.detail).toBe(random.detail);
      expect((await ctx.db.query(`SELECT name, version FROM kpis WHERE id = $1`, [theirs.id])).rows[0]).toEqual({ name: 'theirs', version: 1 });
    });
  });
});
