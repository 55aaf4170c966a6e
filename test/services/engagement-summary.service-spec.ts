import { EngagementModule, EngagementSummaryService } from '@app/engagement';
import { Actor } from '@app/platform';
import { ServiceContext } from '@test/support/service-context';
import { daysAgo, insertBuyIn, insertEngagement, insertGroup, insertTraining } from '@test/support/factories/engagement';
import { insertProject } from '@test/support/factories/portfolio';

describe('EngagementSummaryService (no HTTP)', () => {
  let ctx: ServiceContext;
  let summaries: EngagementSummaryService;
  let org: { id: string; actor: Actor };

  beforeAll(async () => {
    ctx = await ServiceContext.start([EngagementModule]);
    summaries = ctx.get(EngagementSummaryService);
    org = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  it('sums up a project’s evidence: last external feedback, open loops, buy-in trend and training', async () => {
    const project = await insertProject(ctx.db, org.id);
    const residents = await insertGroup(ctx.db, org.id, project.id, { name: 'Residents', kind: 'citizens' });
    const staff = await insertGroup(ctx.db, org.id, project.id, { name: 'Contact centre', kind: 'frontline_staff' });
    const acted = await insertEngagement(ctx.db, org.id, residents, { occurredOn: daysAgo(40), actionsTaken: 'Rewrote the letter' });
    const open = await insertEngagement(ctx.db, org.id, residents, { occurredOn: daysAgo(10) });
    await insertBuyIn(ctx.db, org.id, staff, { surveyedOn: daysAgo(60), supportivePct: '40.00', neutralPct: '30.00', opposedPct: '30.00' });
    await insertBuyIn(ctx.db, org.id, staff, { surveyedOn: daysAgo(5), supportivePct: '70.00', neutralPct: '20.00', opposedPct: '10.00' });
    await insertTraining(ctx.db, org.id, staff, { recordedOn: daysAgo(3), staffInScope: 40, staffTrained: 30 });

    const summary = await summaries.forProject(org.actor, project.id);

    expect(summary.lastExternalFeedback).toMatchObject({ engagementId: open, ageDays: 10, groupName: 'Residents' });
    expect(summary.openLoops.items.map((i) => i.engagementId)).toEqual([open]);
    expect(summary.openLoops.items.map((i) => i.engagementId)).not.toContain(acted);
    expect(summary.buyIn).toHaveLength(1);
    expect(summary.buyIn[0]).toMatchObject({ groupName: 'Contact centre', latest: { supportivePct: 70 }, previous: { supportivePct: 40 }, supportiveChange: 30 });
    expect(summary.training).toEqual([expect.objectContaining({ groupName: 'Contact centre' })]);
  });

  it('answers not found for another organisation’s project', async () => {
    const other = await ctx.newOrganisation();
    const theirs = await insertProject(ctx.db, other.id);
    await expect(summaries.forProject(org.actor, theirs.id)).rejects.toMatchObject({ status: 404 });
  });
});
