import {
  BuyInReadingsService,
  EngagementKind,
  EngagementModule,
  EngagementsService,
  GroupKind,
  StakeholderGroupsService,
  TrainingRecordsService,
} from '@app/engagement';
import { addDays, Db, todayInLondon } from '@app/platform';
import { DEMO_PROJECTS, DemoProject, demoToday, hasGap } from './catalogue';
import type { DemoSeeder } from './seeder';

type GroupKey = 'residents' | 'users' | 'frontline' | 'backOffice';

const GROUPS: Record<GroupKey, { name: string; kind: GroupKind; internal: boolean; size: number }> = {
  residents: { name: 'Residents', kind: 'citizens', internal: false, size: 148000 },
  users: { name: 'Service users', kind: 'service_users', internal: false, size: 12000 },
  frontline: { name: 'Frontline staff', kind: 'frontline_staff', internal: true, size: 120 },
  backOffice: { name: 'Back-office staff', kind: 'back_office_staff', internal: true, size: 45 },
};

interface EngagementSpec {
  group: GroupKey;
  kind: EngagementKind;
  daysAgo: number;
  participants: number;
  findings: string;
  actions?: string;
}

/** Shares (supportive, neutral, opposed) of a pulse survey so many days ago. */
type Reading = [daysAgo: number, supportive: number, neutral: number, opposed: number];
/** A training snapshot: days ago, staff in scope, staff trained. */
type Training = [daysAgo: number, inScope: number, trained: number];

/**
 * Each project's evidence, from its gaps: no_external_feedback hears only from staff;
 * feedback_not_acted_on leaves loops older than 30 days open; no_buy_in has no reading in 180
 * days; low_buy_in has staff mostly unconvinced; training_gap has under 60% trained. Everything
 * else is healthy and recent (one recent loop is still open: it is not yet overdue).
 */
function engagementsFor(project: DemoProject): EngagementSpec[] {
  const internalOnly: EngagementSpec[] = [
    { group: 'frontline', kind: 'user_research', daysAgo: 18, participants: 9, findings: 'Staff re-key the same details into three systems', actions: 'Removed two duplicate screens from the design' },
    { group: 'backOffice', kind: 'consultation', daysAgo: 64, participants: 6, findings: 'Month-end reconciliation depends on a spreadsheet', actions: 'Added an export for finance' },
  ];
  if (hasGap(project, 'no_external_feedback')) {
    // Heard from residents once, long ago; nothing external in the last 90 days.
    return [...internalOnly, { group: 'residents', kind: 'survey', daysAgo: 160, participants: 210, findings: 'Residents want to apply without printing forms', actions: 'Scoped an online form' }];
  }
  if (hasGap(project, 'feedback_not_acted_on')) {
    return [
      ...internalOnly,
      { group: 'residents', kind: 'survey', daysAgo: 47, participants: 340, findings: 'A third of reports are for bins already collected' },
      { group: 'users', kind: 'usability_test', daysAgo: 75, participants: 6, findings: 'Four of six could not find where to enter their address' },
      { group: 'users', kind: 'feedback_review', daysAgo: 12, participants: 58, findings: 'Complaints about missing confirmation emails', actions: 'Confirmation email switched on' },
    ];
  }
  const citizenFacing = project.programme === 'CS';
  return [
    ...internalOnly,
    { group: 'residents', kind: citizenFacing ? 'co_design' : 'consultation', daysAgo: 34, participants: 12, findings: 'Residents sketched the journey they expect', actions: 'Rebuilt the start page around it' },
    { group: 'users', kind: 'usability_test', daysAgo: 21, participants: 6, findings: 'Users hesitate at the payment step', actions: 'Clearer button labels; retested with five users' },
    { group: 'users', kind: 'survey', daysAgo: 6, participants: 180, findings: 'Satisfaction up, but people want text reminders' },
  ];
}

function buyInFor(project: DemoProject): Partial<Record<'frontline' | 'backOffice', Reading[]>> {
  if (hasGap(project, 'no_buy_in')) return { frontline: [[240, 55, 30, 15]] };
  if (hasGap(project, 'low_buy_in')) return { frontline: [[130, 52, 28, 20], [26, 38, 32, 30]], backOffice: [[31, 45, 35, 20]] };
  return { frontline: [[150, 58, 30, 12], [40, 68, 24, 8]], backOffice: [[140, 62, 28, 10], [35, 66, 26, 8]] };
}

function trainingFor(project: DemoProject): Partial<Record<'frontline' | 'backOffice', Training[]>> {
  if (project.phase === 'discovery') return {};
  if (hasGap(project, 'training_gap')) return { frontline: [[75, 120, 20], [20, 120, 48]], backOffice: [[15, 40, 20]] };
  return { frontline: [[90, 60, 30], [20, 60, 51]], backOffice: [[15, 25, 22]] };
}

export const engagementSeeder: DemoSeeder = {
  name: 'engagement',
  module: EngagementModule,
  async seed(app, actor, log) {
    const rows: { id: string; code: string }[] = await app.get(Db).tenant(actor, (tx) => tx.query<{ id: string; code: string }>(`SELECT id, code FROM projects WHERE organisation_id = $1`, [actor.organisationId]));
    const projectIds = new Map(rows.map((r) => [r.code, r.id]));
    const today = todayInLondon(demoToday());
    const groups = app.get(StakeholderGroupsService);
    const engagements = app.get(EngagementsService);
    const readings = app.get(BuyInReadingsService);
    const training = app.get(TrainingRecordsService);
    const totals = { groups: 0, engagements: 0, openLoops: 0, readings: 0, training: 0 };

    for (const project of DEMO_PROJECTS) {
      const projectId = projectIds.get(project.code);
      if (!projectId) continue;
      const groupIds = {} as Record<GroupKey, string>;
      for (const [key, group] of Object.entries(GROUPS) as [GroupKey, (typeof GROUPS)[GroupKey]][]) {
        groupIds[key] = (await groups.create(actor, { projectId, ...group })).id;
        totals.groups++;
      }
      for (const e of engagementsFor(project)) {
        await engagements.create(actor, {
          projectId,
          groupId: groupIds[e.group],
          kind: e.kind,
          occurredOn: addDays(today, -e.daysAgo),
          participants: e.participants,
          findings: e.findings,
          actionsTaken: e.actions ?? null,
        });
        totals.engagements++;
        if (!e.actions) totals.openLoops++;
      }
      for (const [key, list] of Object.entries(buyInFor(project)) as ['frontline' | 'backOffice', Reading[]][]) {
        for (const [ago, supportivePct, neutralPct, opposedPct] of list) {
          const surveyedOn = addDays(today, -ago);
          // As a survey tool would post them: keyed by its own response-set id.
          await readings.create(actor, { projectId, groupId: groupIds[key], surveyedOn, respondents: Math.round(GROUPS[key].size * 0.6), supportivePct, neutralPct, opposedPct, externalSource: 'pulse-survey', externalId: `${project.code}-${key}-${surveyedOn}` });
          totals.readings++;
        }
      }
      for (const [key, list] of Object.entries(trainingFor(project)) as ['frontline' | 'backOffice', Training[]][]) {
        for (const [ago, staffInScope, staffTrained] of list) {
          await training.create(actor, { projectId, groupId: groupIds[key], recordedOn: addDays(today, -ago), staffInScope, staffTrained, course: `${project.name}: new ways of working` });
          totals.training++;
        }
      }
    }
    log(`engagement: ${totals.groups} stakeholder groups, ${totals.engagements} engagements (${totals.openLoops} open loops), ${totals.readings} buy-in readings, ${totals.training} training records`);
  },
};
