import { todayInLondon } from '@app/platform';
import { daysAgo, insertBuyIn, insertEngagement, insertGroup, insertTraining } from '@test/support/factories/engagement';
import { insertProject } from '@test/support/factories/portfolio';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

/**
 * A worked example: a project with a known history of engagements, buy-in readings and training,
 * and the exact figures its summary must show.
 */
describe('GET /v1/projects/{id}/engagement', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let reader: string;
  let projectId: string;
  const ids: Record<string, string> = {};
  const groups: Record<string, { id: string; projectId: string; name: string }> = {};

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    reader = await ctx.token(org, ['portfolio:read']);
    projectId = (await insertProject(ctx.db, org.id, { phase: 'live' })).id;
    const g = async (name: string, kind: string) => (groups[name] = await insertGroup(ctx.db, org.id, projectId, { name, kind }));
    await g('Residents', 'citizens');
    await g('Tenants', 'service_users');
    await g('Partners', 'partners');
    await g('Caseworkers', 'frontline_staff');
    await g('Finance team', 'back_office_staff');
    await g('Directors', 'leadership');
    await g('Contact centre', 'frontline_staff');

    const e = (key: string, group: string, kind: string, ago: number, actionsTaken: string | null = null) =>
      insertEngagement(ctx.db, org.id, groups[group], { kind, occurredOn: daysAgo(ago), actionsTaken }).then((id) => (ids[key] = id));
    await e('e1', 'Residents', 'co_design', 100);
    await e('e2', 'Residents', 'co_design', 12, 'Reworded the eligibility page');
    await e('e3', 'Tenants', 'co_design', 45, 'Added a repairs tracker');
    await e('e4', 'Tenants', 'survey', 40);
    await e('e5', 'Caseworkers', 'user_research', 5);
    await e('e6', 'Caseworkers', 'co_design', 3, 'Changed the case view'); // internal: not citizen co-design, not external feedback
    await e('e7', 'Partners', 'consultation', 20, 'Agreed data sharing');

    const b = (group: string, ago: number, supportivePct: string, neutralPct: string, opposedPct: string) => insertBuyIn(ctx.db, org.id, groups[group], { surveyedOn: daysAgo(ago), supportivePct, neutralPct, opposedPct });
    ids.cw1 = await b('Caseworkers', 200, '40.00', '30.00', '30.00');
    ids.cw2 = await b('Caseworkers', 20, '55.50', '30.00', '14.50');
    ids.ft0 = await b('Finance team', 300, '10.00', '10.00', '80.00');
    ids.ft1 = await b('Finance team', 90, '70.00', '20.00', '10.00');
    ids.ft2 = await b('Finance team', 30, '65.00', '25.00', '10.00');
    ids.d1 = await b('Directors', 60, '80.00', '20.00', '0.00');
    ids.d2 = await b('Directors', 10, '80.50', '19.50', '0.00');
    ids.r1 = await b('Residents', 15, '30.00', '30.00', '40.00'); // external: not in the buy-in list

    const t = (group: string, ago: number, staffInScope: number, staffTrained: number) => insertTraining(ctx.db, org.id, groups[group], { recordedOn: daysAgo(ago), staffInScope, staffTrained, course: 'Case system' });
    ids.t1 = await t('Caseworkers', 100, 50, 10);
    ids.t2 = await t('Caseworkers', 10, 50, 45);
    ids.t3 = await t('Finance team', 15, 30, 12);
    ids.t4 = await t('Partners', 8, 7, 3);

    // Noise that must not count: another project of the organisation, and another organisation.
    const elsewhere = (await insertProject(ctx.db, org.id)).id;
    const eg = await insertGroup(ctx.db, org.id, elsewhere, { kind: 'citizens' });
    await insertEngagement(ctx.db, org.id, eg, { kind: 'co_design', occurredOn: daysAgo(1) });
    await insertBuyIn(ctx.db, org.id, await insertGroup(ctx.db, org.id, elsewhere, { kind: 'leadership' }), { surveyedOn: daysAgo(1), supportivePct: '1.00', neutralPct: '1.00', opposedPct: '98.00' });
    const theirs = (await insertProject(ctx.db, other.id)).id;
    await insertEngagement(ctx.db, other.id, await insertGroup(ctx.db, other.id, theirs, { kind: 'citizens' }), { kind: 'co_design', occurredOn: daysAgo(1) });
  });
  afterAll(() => ctx.close());

  it('shows the exact figures for the known history', async () => {
    const { body } = await ctx.as(reader).get(`/v1/projects/${projectId}/engagement`).expect(200);
    expect(body.projectId).toBe(projectId);
    expect(body.asOf).toBe(todayInLondon());

    expect(body.lastExternalFeedback).toEqual({ engagementId: ids.e2, occurredOn: daysAgo(12), ageDays: 12, kind: 'co_design', groupId: groups.Residents.id, groupName: 'Residents' });

    expect(body.openLoops.count).toBe(3);
    expect(body.openLoops.items).toEqual([
      { engagementId: ids.e1, occurredOn: daysAgo(100), ageDays: 100, kind: 'co_design', groupId: groups.Residents.id, groupName: 'Residents', groupInternal: false },
      { engagementId: ids.e4, occurredOn: daysAgo(40), ageDays: 40, kind: 'survey', groupId: groups.Tenants.id, groupName: 'Tenants', groupInternal: false },
      { engagementId: ids.e5, occurredOn: daysAgo(5), ageDays: 5, kind: 'user_research', groupId: groups.Caseworkers.id, groupName: 'Caseworkers', groupInternal: true },
    ]);

    expect(body.buyIn).toEqual([
      {
        groupId: groups.Caseworkers.id,
        groupName: 'Caseworkers',
        groupKind: 'frontline_staff',
        latest: { readingId: ids.cw2, surveyedOn: daysAgo(20), ageDays: 20, respondents: 20, supportivePct: 55.5, neutralPct: 30, opposedPct: 14.5 },
        previous: { readingId: ids.cw1, surveyedOn: daysAgo(200), supportivePct: 40 },
        supportiveChange: 15.5,
        trend: 'improving',
      },
      { groupId: groups['Contact centre'].id, groupName: 'Contact centre', groupKind: 'frontline_staff', latest: null, previous: null, supportiveChange: null, trend: null },
      {
        groupId: groups.Directors.id,
        groupName: 'Directors',
        groupKind: 'leadership',
        latest: { readingId: ids.d2, surveyedOn: daysAgo(10), ageDays: 10, respondents: 20, supportivePct: 80.5, neutralPct: 19.5, opposedPct: 0 },
        previous: { readingId: ids.d1, surveyedOn: daysAgo(60), supportivePct: 80 },
        supportiveChange: 0.5,
        trend: 'same',
      },
      {
        groupId: groups['Finance team'].id,
        groupName: 'Finance team',
        groupKind: 'back_office_staff',
        latest: { readingId: ids.ft2, surveyedOn: daysAgo(30), ageDays: 30, respondents: 20, supportivePct: 65, neutralPct: 25, opposedPct: 10 },
        previous: { readingId: ids.ft1, surveyedOn: daysAgo(90), supportivePct: 70 },
        supportiveChange: -5,
        trend: 'worsening',
      },
    ]);

    const training = (name: string, internal: boolean, kind: string, latest: unknown) => ({ groupId: groups[name].id, groupName: name, groupKind: kind, groupInternal: internal, latest });
    expect(body.training).toEqual([
      training('Caseworkers', true, 'frontline_staff', { recordId: ids.t2, recordedOn: daysAgo(10), ageDays: 10, staffInScope: 50, staffTrained: 45, coveragePct: 90, course: 'Case system' }),
      training('Contact centre', true, 'frontline_staff', null),
      training('Directors', true, 'leadership', null),
      training('Finance team', true, 'back_office_staff', { recordId: ids.t3, recordedOn: daysAgo(15), ageDays: 15, staffInScope: 30, staffTrained: 12, coveragePct: 40, course: 'Case system' }),
      training('Partners', false, 'partners', { recordId: ids.t4, recordedOn: daysAgo(8), ageDays: 8, staffInScope: 7, staffTrained: 3, coveragePct: 42.9, course: 'Case system' }),
    ]);
    // Latest per group: (45 + 12 + 3) / (50 + 30 + 7) = 60 / 87 = 68.97%.
    expect(body.trainingCoverage).toEqual({ staffInScope: 87, staffTrained: 60, coveragePct: 69 });

    expect(body.citizenCoDesignCount).toBe(3);
    expect(body.counts).toEqual({
      groups: 7,
      internalGroups: 4,
      externalGroups: 3,
      engagements: 7,
      externalEngagements: 5,
      openLoops: 3,
      closedLoops: 4,
      buyInReadings: 8,
      trainingRecords: 4,
    });
  });

  it('moves with the evidence: closing a loop through the API takes it off the open list', async () => {
    const writer = await ctx.token(org, ['engagement:write', 'portfolio:read']);
    await ctx.as(writer).patch(`/v1/engagements/${ids.e4}`).set('if-match', '"1"').send({ actionsTaken: 'Fixed the form' }).expect(200);
    const { body } = await ctx.as(reader).get(`/v1/projects/${projectId}/engagement`).expect(200);
    expect(body.openLoops.count).toBe(2);
    expect(body.openLoops.items.map((i: { engagementId: string }) => i.engagementId)).toEqual([ids.e1, ids.e5]);
    expect(body.counts).toMatchObject({ openLoops: 2, closedLoops: 5 });
  });

  it('is empty but well formed for a project without evidence', async () => {
    const bare = (await insertProject(ctx.db, org.id)).id;
    const { body } = await ctx.as(reader).get(`/v1/projects/${bare}/engagement`).expect(200);
    expect(body).toMatchObject({
      lastExternalFeedback: null,
      openLoops: { count: 0, items: [] },
      buyIn: [],
      training: [],
      trainingCoverage: { staffInScope: 0, staffTrained: 0, coveragePct: null },
      citizenCoDesignCount: 0,
      counts: { groups: 0, engagements: 0, buyInReadings: 0, trainingRecords: 0 },
    });
  });

  it('needs portfolio:read (403)', async () => {
    const writer = await ctx.token(org, ['engagement:write']);
    expectProblem(await ctx.as(writer).get(`/v1/projects/${projectId}/engagement`), 403);
    expectProblem(await ctx.anonymous().get(`/v1/projects/${projectId}/engagement`), 401);
  });

  it("answers 404 for another organisation's project, the same as for a random id", async () => {
    const foreign = expectProblem(await ctx.as(other.adminToken).get(`/v1/projects/${projectId}/engagement`), 404);
    const random = expectProblem(await ctx.as(other.adminToken).get(`/v1/projects/${randomUuid()}/engagement`), 404);
    expect(foreign.detail).toBe(random.detail);
    expectProblem(await ctx.as(reader).get(`/v1/projects/not-a-uuid/engagement`), 400);
  });
});
