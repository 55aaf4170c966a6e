import { Db, systemActor } from '@app/platform';
import { KpiRollup } from '@app/kpis';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertProgramme, insertProject, ProjectRow } from '@test/support/factories/portfolio';
import { insertKpi, insertMeasurements, isoDaysAgo } from '@test/support/factories/kpis';

/** The roll-up the portfolio view shows: counts per project and programme, from the same evaluation as each KPI. */
describe('KPI roll-up', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let reader: string;
  let programmeId: string;
  let a: ProjectRow;
  let b: ProjectRow;
  let empty: ProjectRow;
  let elsewhere: ProjectRow;
  let theirs: ProjectRow;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    reader = await ctx.token(org, ['portfolio:read']);
    programmeId = (await insertProgramme(ctx.db, org.id)).id;
    a = await insertProject(ctx.db, org.id, { programmeId });
    b = await insertProject(ctx.db, org.id, { programmeId });
    empty = await insertProject(ctx.db, org.id, { programmeId });
    elsewhere = await insertProject(ctx.db, org.id);
    theirs = await insertProject(ctx.db, other.id);

    // Default trajectory 0 -> 100 over 400 days, 200 gone: 50% expected today.
    const kpi = async (project: ProjectRow, readings: [number, number][], overrides: Parameters<typeof insertKpi>[3] = {}) => {
      const { id } = await insertKpi(ctx.db, org.id, project.id, overrides);
      await insertMeasurements(ctx.db, org.id, id, readings.map(([daysAgo, value]) => ({ date: isoDaysAgo(daysAgo), value })));
      return id;
    };
    await kpi(a, [[100, 10], [5, 60]]); // on track today; off track as at 50 days ago (10 against 37.5)
    await kpi(a, [[5, 47]]); // at risk
    await kpi(a, [[5, 20]], { kind: 'completion_rate', unit: '%' }); // off track
    await kpi(a, [[60, 55]]); // on track but stale (monthly: 46 days)
    await kpi(a, [[5, 90]], { status: 'retired' }); // not counted
    await kpi(b, []); // no data
    await kpi(b, [[5, 50]], { targetValue: null }); // not measurable
    await kpi(b, [[5, 100]], { direction: 'decrease', baselineValue: 200, targetValue: 50 }); // 66.7%: on track
    await kpi(elsewhere, [[5, 1]]); // another programme: off track
    await insertKpi(ctx.db, other.id, theirs.id);
  });
  afterAll(() => ctx.close());

  const zero = { on_track: 0, at_risk: 0, off_track: 0, no_data: 0, not_measurable: 0, stale: 0, total: 0 };

  it('counts a project\'s active KPIs by status, with stale counted across statuses', async () => {
    const res = await ctx.as(reader).get(`/v1/projects/${a.id}/kpi-summary`).expect(200);
    expect(res.body).toEqual({ projectId: a.id, programmeId, asOf: isoDaysAgo(0), counts: { ...zero, on_track: 2, at_risk: 1, off_track: 1, stale: 1, total: 4 } });
  });

  it('uses the latest measurement on or before asOf', async () => {
    const res = await ctx.as(reader).get(`/v1/projects/${a.id}/kpi-summary?asOf=${isoDaysAgo(50)}`).expect(200);
    // 50 days ago: the first KPI's latest was 10, already 50 days old (off track and stale); the next
    // two had no data yet; the fourth read 55 (on track, fresh then).
    expect(res.body.counts).toEqual({ ...zero, on_track: 1, off_track: 1, no_data: 2, stale: 1, total: 4 });
  });

  it('totals a programme and lists each of its projects, including those without KPIs', async () => {
    const res = await ctx.as(reader).get(`/v1/programmes/${programmeId}/kpi-summary`).expect(200);
    expect(res.body.counts).toEqual({ on_track: 3, at_risk: 1, off_track: 1, no_data: 1, not_measurable: 1, stale: 1, total: 7 });
    const byProject = Object.fromEntries(res.body.projects.map((p: { projectId: string; counts: unknown }) => [p.projectId, p.counts]));
    expect(Object.keys(byProject).sort()).toEqual([a.id, b.id, empty.id].sort());
    expect(byProject[empty.id]).toEqual(zero);
    expect(byProject[b.id]).toEqual({ ...zero, on_track: 1, no_data: 1, not_measurable: 1, total: 3 });
  });

  it('agrees with the evaluation of every KPI the API lists', async () => {
    const listed = await ctx.as(reader).get('/v1/kpis?lifecycle=active&limit=200').expect(200);
    const expected = new Map<string, Record<string, number>>();
    for (const k of listed.body.data as { projectId: string; evaluation: { status: string; stale: boolean } }[]) {
      const counts = expected.get(k.projectId) ?? { ...zero };
      counts[k.evaluation.status]++;
      if (k.evaluation.stale) counts.stale++;
      counts.total++;
      expected.set(k.projectId, counts);
    }
    const rollup = await ctx.app.get(Db).tenant(systemActor(org.id), async (tx) => {
      const query = jest.spyOn(tx, 'query');
      const result = await ctx.app.get(KpiRollup).evaluateForOrganisation(tx, new Date());
      expect(query).toHaveBeenCalledTimes(1); // set-based: one query, however many KPIs
      return result;
    });
    expect(new Map([...rollup].map(([id, p]) => [id, p.counts]))).toEqual(expected);
    expect(rollup.get(elsewhere.id)?.programmeId).toBe(elsewhere.programmeId);

    const filtered = await ctx.app.get(Db).tenant(systemActor(org.id), (tx) => ctx.app.get(KpiRollup).evaluateForOrganisation(tx, new Date(), { projectIds: [b.id, theirs.id] }));
    expect([...filtered.keys()]).toEqual([b.id]);
  });

  it('validates asOf and ids (400), needs portfolio:read (403), and hides other organisations (404)', async () => {
    expectProblem(await ctx.as(reader).get(`/v1/projects/${a.id}/kpi-summary?asOf=soon`), 400);
    expectProblem(await ctx.as(reader).get('/v1/programmes/nope/kpi-summary'), 400);
    const writer = await ctx.token(org, ['kpis:write']);
    expectProblem(await ctx.as(writer).get(`/v1/projects/${a.id}/kpi-summary`), 403);
    expectProblem(await ctx.as(writer).get(`/v1/programmes/${programmeId}/kpi-summary`), 403);
    const foreign = expectProblem(await ctx.as(reader).get(`/v1/projects/${theirs.id}/kpi-summary`), 404);
    expect(foreign.detail).toBe(expectProblem(await ctx.as(reader).get(`/v1/projects/${randomUuid()}/kpi-summary`), 404).detail);
    const theirProgramme = expectProblem(await ctx.as(reader).get(`/v1/programmes/${theirs.programmeId}/kpi-summary`), 404);
    expect(theirProgramme.detail).toBe(expectProblem(await ctx.as(reader).get(`/v1/programmes/${randomUuid()}/kpi-summary`), 404).detail);
  });
});
