import { daysAgo, GroupRow, insertGroup } from '@test/support/factories/engagement';
import { insertProject } from '@test/support/factories/portfolio';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

describe('buy-in readings and training records', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let projectId: string;
  let staff: GroupRow;
  let theirProject: string;
  let theirGroup: GroupRow;

  const reading = (overrides: Record<string, unknown> = {}) => ({
    projectId,
    groupId: staff.id,
    surveyedOn: daysAgo(7),
    respondents: 48,
    supportivePct: 62.5,
    neutralPct: 25,
    opposedPct: 12.5,
    themes: 'Worried about the cut-over weekend',
    ...overrides,
  });
  const training = (overrides: Record<string, unknown> = {}) => ({ projectId, groupId: staff.id, recordedOn: daysAgo(2), staffInScope: 40, staffTrained: 26, course: 'New case system basics', ...overrides });

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['engagement:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    projectId = (await insertProject(ctx.db, org.id)).id;
    staff = await insertGroup(ctx.db, org.id, projectId, { kind: 'frontline_staff', name: 'Social workers' });
    theirProject = (await insertProject(ctx.db, other.id)).id;
    theirGroup = await insertGroup(ctx.db, other.id, theirProject, { kind: 'frontline_staff' });
  });
  afterAll(() => ctx.close());

  describe('buy-in readings', () => {
    it('records a reading and reads it back', async () => {
      const created = await ctx.as(writer).post('/v1/buy-in-readings').send(reading()).expect(201);
      expect(created.body).toMatchObject({ result: 'created', projectId, groupId: staff.id, surveyedOn: daysAgo(7), respondents: 48, supportivePct: 62.5, neutralPct: 25, opposedPct: 12.5, themes: 'Worried about the cut-over weekend' });
      const read = await ctx.as(reader).get(`/v1/buy-in-readings/${created.body.id}`).expect(200);
      expect(read.body).toEqual({ ...created.body, result: undefined });
      const stored = await ctx.db.query(`SELECT supportive_pct, neutral_pct, opposed_pct FROM buy_in_readings WHERE id = $1`, [created.body.id]);
      expect(stored.rows[0]).toEqual({ supportive_pct: '62.50', neutral_pct: '25.00', opposed_pct: '12.50' });
      const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1`, [created.body.id]);
      expect(audit.rows.map((r) => r.action)).toEqual(['buy_in_reading.created']);
    });

    it('accepts shares that add up to 100 within 0.5 for rounding, and refuses those that do not', async () => {
      await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ supportivePct: 33.33, neutralPct: 33.33, opposedPct: 33.33 })).expect(201); // 99.99
      await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ supportivePct: 50.2, neutralPct: 30.15, opposedPct: 20.15 })).expect(201); // 100.5
      const off = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ supportivePct: 50, neutralPct: 30, opposedPct: 19.49 })), 400); // 99.49
      expect(off.errors?.map((e) => e.field)).toEqual(['supportivePct', 'neutralPct', 'opposedPct']);
      expect(off.errors?.[0].message).toContain('99.49');
      const over = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ supportivePct: 60, neutralPct: 30, opposedPct: 11 })), 400);
      expect(over.errors?.[0].message).toContain('101.00');
    });

    it('validates each share, the date and the respondents', async () => {
      const range = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ supportivePct: 120, neutralPct: -10, opposedPct: '10' })), 400);
      expect([...new Set(range.errors?.map((e) => e.field))].sort()).toEqual(['neutralPct', 'opposedPct', 'supportivePct']);
      const precise = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ supportivePct: 62.555, neutralPct: 25, opposedPct: 12.445 })), 400);
      expect(precise.errors?.map((e) => e.field).sort()).toEqual(['opposedPct', 'supportivePct']);
      const future = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ surveyedOn: daysAgo(-1) })), 400);
      expect(future.errors).toEqual([{ field: 'surveyedOn', message: expect.stringContaining('future') }]);
      const ancient = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ surveyedOn: '1999-12-31' })), 400);
      expect(ancient.errors?.[0].field).toBe('surveyedOn');
      const nobody = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ respondents: 0 })), 400);
      expect(nobody.errors?.[0].field).toBe('respondents');
    });

    it('the database itself refuses shares that do not add up', async () => {
      await expect(
        ctx.db.query(`INSERT INTO buy_in_readings (organisation_id, project_id, group_id, surveyed_on, respondents, supportive_pct, neutral_pct, opposed_pct) VALUES ($1, $2, $3, current_date, 10, 50, 30, 10)`, [org.id, projectId, staff.id]),
      ).rejects.toMatchObject({ constraint: 'ck_buy_in_readings_shares' });
    });

    it('is idempotent by external ref, also under concurrent posts', async () => {
      const ref = { externalSource: 'ms-forms', externalId: 'pulse-2026-04' };
      const answers = await Promise.all(Array.from({ length: 6 }, () => ctx.as(writer).post('/v1/buy-in-readings').send(reading(ref))));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      const again = await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ ...ref, supportivePct: 10, neutralPct: 10, opposedPct: 80 })).expect(200);
      expect(again.body).toMatchObject({ result: 'exists', supportivePct: 62.5 });
      const rows = await ctx.db.query(`SELECT count(*)::int AS n FROM buy_in_readings WHERE external_id = 'pulse-2026-04'`);
      expect(rows.rows[0].n).toBe(1);
    });

    it('lists newest first with filters and a stable cursor', async () => {
      const project = (await insertProject(ctx.db, org.id)).id;
      const a = await insertGroup(ctx.db, org.id, project, { kind: 'frontline_staff' });
      const b = await insertGroup(ctx.db, org.id, project, { kind: 'leadership' });
      for (const [group, ago] of [[a, 100], [a, 50], [b, 50], [b, 10]] as const) {
        await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ projectId: project, groupId: group.id, surveyedOn: daysAgo(ago) })).expect(201);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: { id: string; surveyedOn: string }[]; nextCursor: string | null } } = await ctx.as(reader).get(`/v1/buy-in-readings?projectId=${project}&limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...page.body.data.map((r) => r.surveyedOn));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([daysAgo(10), daysAgo(50), daysAgo(50), daysAgo(100)]);
      const forA = await ctx.as(reader).get(`/v1/buy-in-readings?groupId=${a.id}&from=${daysAgo(60)}`).expect(200);
      expect(forA.body.data.map((r: { surveyedOn: string }) => r.surveyedOn)).toEqual([daysAgo(50)]);
    });

    it('checks scope (403), group of another project (400) and other organisations (404)', async () => {
      expectProblem(await ctx.as(reader).post('/v1/buy-in-readings').send(reading()), 403);
      expectProblem(await ctx.as(writer).get('/v1/buy-in-readings'), 403);
      const sibling = await insertGroup(ctx.db, org.id, (await insertProject(ctx.db, org.id)).id, { kind: 'leadership' });
      const wrong = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ groupId: sibling.id })), 400);
      expect(wrong.errors?.[0].field).toBe('groupId');

      const foreign = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ projectId: theirProject, groupId: theirGroup.id })), 404);
      const random = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ projectId: randomUuid() })), 404);
      expect(foreign.detail).toBe(random.detail);
      const foreignGroup = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ groupId: theirGroup.id })), 404);
      const randomGroup = expectProblem(await ctx.as(writer).post('/v1/buy-in-readings').send(reading({ groupId: randomUuid() })), 404);
      expect(foreignGroup.detail).toBe(randomGroup.detail);

      const theirs = await ctx.as(other.adminToken).post('/v1/buy-in-readings').send(reading({ projectId: theirProject, groupId: theirGroup.id })).expect(201);
      const g1 = expectProblem(await ctx.as(reader).get(`/v1/buy-in-readings/${theirs.body.id}`), 404);
      const g2 = expectProblem(await ctx.as(reader).get(`/v1/buy-in-readings/${randomUuid()}`), 404);
      expect(g1.detail).toBe(g2.detail);
      expect((await ctx.as(reader).get(`/v1/buy-in-readings?projectId=${theirProject}`).expect(200)).body.data).toEqual([]);
      const count = await ctx.db.query(`SELECT count(*)::int AS n FROM buy_in_readings WHERE project_id = $1`, [theirProject]);
      expect(count.rows[0].n).toBe(1);
    });

    it('keeps every earlier version: readings change only by a correction, whose history is append-only, and cannot be truncated', async () => {
      const created = await ctx.as(writer).post('/v1/buy-in-readings').send(reading()).expect(201);
      await ctx.as(writer).patch(`/v1/buy-in-readings/${created.body.id}`).set('if-match', '"1"').send({ respondents: 50, reason: 'Two late replies' }).expect(200);
      await expect(ctx.db.query(`UPDATE engagement_record_versions SET reason = 'rewritten' WHERE record_id = $1`, [created.body.id])).rejects.toThrow();
      await expect(ctx.db.query(`TRUNCATE buy_in_readings CASCADE`)).rejects.toThrow();
    });
  });

  describe('training records', () => {
    it('records training with its coverage', async () => {
      const created = await ctx.as(writer).post('/v1/training-records').send(training()).expect(201);
      expect(created.body).toMatchObject({ projectId, groupId: staff.id, recordedOn: daysAgo(2), staffInScope: 40, staffTrained: 26, coveragePct: 65, course: 'New case system basics' });
      const read = await ctx.as(reader).get(`/v1/training-records/${created.body.id}`).expect(200);
      expect(read.body).toEqual(created.body);
      const third = await ctx.as(writer).post('/v1/training-records').send(training({ staffInScope: 3, staffTrained: 2 })).expect(201);
      expect(third.body.coveragePct).toBe(66.7);
      const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1`, [created.body.id]);
      expect(audit.rows.map((r) => r.action)).toEqual(['training_record.created']);
    });

    it('validates counts (trained not more than in scope) and dates', async () => {
      const over = expectProblem(await ctx.as(writer).post('/v1/training-records').send(training({ staffTrained: 41 })), 400);
      expect(over.errors).toEqual([{ field: 'staffTrained', message: expect.stringContaining('staffInScope') }]);
      const bad = expectProblem(await ctx.as(writer).post('/v1/training-records').send(training({ staffInScope: 0, staffTrained: -1, recordedOn: daysAgo(-3), course: '' })), 400);
      expect([...new Set(bad.errors?.map((e) => e.field))].sort()).toEqual(['course', 'recordedOn', 'staffInScope', 'staffTrained']);
      await ctx.as(writer).post('/v1/training-records').send(training({ staffTrained: 0 })).expect(201);
      await ctx.as(writer).post('/v1/training-records').send(training({ staffTrained: 40, recordedOn: daysAgo(0) })).expect(201);
      await expect(
        ctx.db.query(`INSERT INTO training_records (organisation_id, project_id, group_id, recorded_on, staff_in_scope, staff_trained) VALUES ($1, $2, $3, current_date, 5, 6)`, [org.id, projectId, staff.id]),
      ).rejects.toMatchObject({ constraint: 'ck_training_records_staff' });
    });

    it('lists newest first with filters and a stable cursor', async () => {
      const project = (await insertProject(ctx.db, org.id)).id;
      const a = await insertGroup(ctx.db, org.id, project, { kind: 'back_office_staff' });
      for (const ago of [30, 20, 10, 0]) await ctx.as(writer).post('/v1/training-records').send(training({ projectId: project, groupId: a.id, recordedOn: daysAgo(ago) })).expect(201);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: { recordedOn: string }[]; nextCursor: string | null } } = await ctx.as(reader).get(`/v1/training-records?groupId=${a.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...page.body.data.map((r) => r.recordedOn));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([daysAgo(0), daysAgo(10), daysAgo(20), daysAgo(30)]);
      const ranged = await ctx.as(reader).get(`/v1/training-records?projectId=${project}&from=${daysAgo(20)}&to=${daysAgo(10)}`).expect(200);
      expect(ranged.body.data.map((r: { recordedOn: string }) => r.recordedOn)).toEqual([daysAgo(10), daysAgo(20)]);
    });

    it('checks scope (403), group of another project (400) and other organisations (404)', async () => {
      expectProblem(await ctx.as(reader).post('/v1/training-records').send(training()), 403);
      expectProblem(await ctx.as(writer).get('/v1/training-records'), 403);
      const sibling = await insertGroup(ctx.db, org.id, (await insertProject(ctx.db, org.id)).id, { kind: 'leadership' });
      expect(expectProblem(await ctx.as(writer).post('/v1/training-records').send(training({ groupId: sibling.id })), 400).errors?.[0].field).toBe('groupId');

      const foreign = expectProblem(await ctx.as(writer).post('/v1/training-records').send(training({ projectId: theirProject, groupId: theirGroup.id })), 404);
      const random = expectProblem(await ctx.as(writer).post('/v1/training-records').send(training({ projectId: randomUuid() })), 404);
      expect(foreign.detail).toBe(random.detail);
      const foreignGroup = expectProblem(await ctx.as(writer).post('/v1/training-records').send(training({ groupId: theirGroup.id })), 404);
      expect(foreignGroup.detail).toBe(expectProblem(await ctx.as(writer).post('/v1/training-records').send(training({ groupId: randomUuid() })), 404).detail);

      const theirs = await ctx.as(other.adminToken).post('/v1/training-records').send(training({ projectId: theirProject, groupId: theirGroup.id })).expect(201);
      const g1 = expectProblem(await ctx.as(reader).get(`/v1/training-records/${theirs.body.id}`), 404);
      expect(g1.detail).toBe(expectProblem(await ctx.as(reader).get(`/v1/training-records/${randomUuid()}`), 404).detail);
      expect((await ctx.as(reader).get(`/v1/training-records?projectId=${theirProject}`).expect(200)).body.data).toEqual([]);
      const count = await ctx.db.query(`SELECT count(*)::int AS n FROM training_records WHERE project_id = $1`, [theirProject]);
      expect(count.rows[0].n).toBe(1);
    });
  });
});
