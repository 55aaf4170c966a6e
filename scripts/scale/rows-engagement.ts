import { iso, Plan, ProjectPlan } from './plan';
import { Rng, STREAM } from './random';
import { N, ts } from './rows-portfolio';

type GroupKind = 'citizens' | 'service_users' | 'frontline_staff' | 'back_office_staff' | 'leadership' | 'suppliers' | 'partners';
interface GroupSpec {
  id: string;
  kind: GroupKind;
  internal: boolean;
  name: string;
  size: number;
}

const INTERNAL: GroupKind[] = ['frontline_staff', 'back_office_staff', 'leadership'];
const EXTERNAL: GroupKind[] = ['citizens', 'service_users', 'suppliers', 'partners'];
const LABEL: Record<GroupKind, string> = {
  citizens: 'Residents',
  service_users: 'Service users',
  frontline_staff: 'Frontline staff',
  back_office_staff: 'Back-office staff',
  leadership: 'Leadership team',
  suppliers: 'Suppliers',
  partners: 'Partner bodies',
};

/** A project's stakeholder groups (2 to 5; about one project in ten has no internal group at all). */
export function groupsOf(plan: Plan, p: ProjectPlan): GroupSpec[] {
  const rng = new Rng(plan.options.seed, STREAM.groups, p.index);
  const count = rng.int(2, 5);
  const noInternal = rng.chance(0.1);
  return Array.from({ length: count }, (_, j) => {
    const internal = !noInternal && (j === 1 || (j > 1 && rng.chance(0.5)));
    const kind = internal ? rng.pick(INTERNAL) : j === 0 ? rng.pick(['citizens', 'service_users'] as const) : rng.pick(EXTERNAL);
    return { id: rng.uuid(), kind, internal, name: `${LABEL[kind]} ${j + 1}`, size: internal ? rng.int(10, 2000) : rng.int(100, 200000) };
  });
}

export const GROUP_COLUMNS = ['id', 'organisation_id', 'project_id', 'name', 'kind', 'internal', 'size', 'created_at', 'updated_at'];
export function* groupRows(plan: Plan): Generator<string> {
  for (const p of plan.projects) {
    const orgId = plan.orgs[p.org].id;
    for (const g of groupsOf(plan, p)) yield `${g.id}\t${orgId}\t${p.id}\t${g.name}\t${g.kind}\t${g.internal ? 't' : 'f'}\t${g.size}\t${ts(p.startDay)}\t${ts(p.startDay)}\n`;
  }
}

const ENGAGEMENT_KINDS = ['user_research', 'usability_test', 'survey', 'consultation', 'co_design', 'feedback_review'] as const;

export const ENGAGEMENT_COLUMNS = ['id', 'organisation_id', 'project_id', 'group_id', 'kind', 'occurred_on', 'participants', 'findings', 'actions_taken', 'actions_recorded_at', 'created_at', 'updated_at'];
/**
 * Feedback loops: two thirds of projects engage every one to two and a half months, the rest only
 * now and then (so many of them go 90 days without hearing from users). Older sessions mostly
 * have actions recorded; about one in eight never does.
 */
export function* engagementRows(plan: Plan): Generator<string> {
  const asOf = plan.calendar.asOfDay;
  for (const p of plan.projects) {
    const rng = new Rng(plan.options.seed, STREAM.engagements, p.index);
    const groups = groupsOf(plan, p);
    const external = groups.filter((g) => !g.internal);
    const orgId = plan.orgs[p.org].id;
    const regular = rng.chance(0.66);
    let day = Math.max(p.startDay, plan.calendar.startDay) + rng.int(0, 60);
    while (day < asOf) {
      const g = external.length && rng.chance(0.8) ? rng.pick(external) : rng.pick(groups);
      const acted = asOf - day > 30 ? rng.chance(0.88) : rng.chance(0.4);
      const recorded = Math.min(asOf - 1, day + rng.int(5, 25));
      const actions = acted && recorded >= day ? `Changed the service after session on ${iso(day)}\t${ts(recorded, 15)}` : `${N}\t${N}`;
      yield `${rng.uuid()}\t${orgId}\t${p.id}\t${g.id}\t${rng.pick(ENGAGEMENT_KINDS)}\t${iso(day)}\t${rng.int(4, 200)}\tUsers found step ${rng.int(1, 9)} confusing\t${actions}\t${ts(day, 16)}\t${ts(day, 16)}\n`;
      day += regular ? rng.int(30, 75) : rng.int(120, 320);
    }
  }
}

export const BUY_IN_COLUMNS = ['id', 'organisation_id', 'project_id', 'group_id', 'surveyed_on', 'respondents', 'supportive_pct', 'neutral_pct', 'opposed_pct', 'created_at'];
/** Pulse surveys of internal groups about twice a year; one project in five never runs one. */
export function* buyInRows(plan: Plan): Generator<string> {
  const asOf = plan.calendar.asOfDay;
  for (const p of plan.projects) {
    const rng = new Rng(plan.options.seed, STREAM.buyIn, p.index);
    if (rng.chance(0.2)) continue;
    const orgId = plan.orgs[p.org].id;
    for (const g of groupsOf(plan, p)) {
      if (!g.internal) continue;
      for (let day = Math.max(p.startDay, plan.calendar.startDay) + rng.int(20, 120); day < asOf; day += rng.int(150, 240)) {
        const supportive = rng.int(25, 85);
        const opposed = rng.int(3, Math.min(30, 100 - supportive));
        yield `${rng.uuid()}\t${orgId}\t${p.id}\t${g.id}\t${iso(day)}\t${rng.int(5, 300)}\t${supportive}\t${100 - supportive - opposed}\t${opposed}\t${ts(day, 12)}\n`;
      }
    }
  }
}

export const TRAINING_COLUMNS = ['id', 'organisation_id', 'project_id', 'group_id', 'recorded_on', 'staff_in_scope', 'staff_trained', 'course', 'created_at'];
/** Training coverage of internal groups on beta and live services, rising over two to five records. */
export function* trainingRows(plan: Plan): Generator<string> {
  const asOf = plan.calendar.asOfDay;
  for (const p of plan.projects) {
    const rng = new Rng(plan.options.seed, STREAM.training, p.index);
    if (!(p.phase === 'beta' || p.phase === 'live' || (p.phase === 'alpha' && rng.chance(0.3)))) continue;
    const orgId = plan.orgs[p.org].id;
    for (const g of groupsOf(plan, p)) {
      if (!g.internal) continue;
      const finalCoverage = rng.chance(0.75) ? 0.6 + rng.float() * 0.4 : 0.1 + rng.float() * 0.5;
      const records = rng.int(2, 5);
      const first = Math.max(p.startDay, plan.calendar.startDay) + rng.int(30, 200);
      for (let i = 1; i <= records; i++) {
        const day = Math.min(asOf - 1, first + Math.floor(((asOf - first) * i) / (records + 1)));
        const trained = Math.min(g.size, Math.round((g.size * finalCoverage * i) / records));
        yield `${rng.uuid()}\t${orgId}\t${p.id}\t${g.id}\t${iso(day)}\t${g.size}\t${trained}\tNew service training\t${ts(day, 14)}\n`;
      }
    }
  }
}
