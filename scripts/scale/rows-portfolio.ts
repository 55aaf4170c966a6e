import { iso, lastDayOfMonth, periodOf, Plan } from './plan';
import { Rng, STREAM } from './random';

/** COPY text: tab-separated, \N for NULL. Generated values never hold tabs, newlines or backslashes. */
export const N = '\\N';
export const ts = (day: number, hour = 9) => `${iso(day)} ${String(hour).padStart(2, '0')}:00:00+00`;

export const ORGANISATION_COLUMNS = ['id', 'name', 'slug', 'financial_year_start_month', 'created_at', 'updated_at'];
export function* organisationRows(plan: Plan): Generator<string> {
  for (const o of plan.orgs) yield `${o.id}\t${o.name}\t${o.slug}\t${plan.calendar.fyStartMonth}\t${ts(plan.calendar.startDay - 900)}\t${ts(plan.calendar.startDay - 900)}\n`;
}

export const OBJECTIVE_COLUMNS = ['id', 'organisation_id', 'code', 'title', 'created_at', 'updated_at'];
export function* objectiveRows(plan: Plan): Generator<string> {
  for (const o of plan.orgs) {
    for (const [i, id] of o.objectives.entries()) yield `${id}\t${o.id}\tOBJ-${i + 1}\tStrategic objective ${i + 1} of ${o.name}\t${ts(plan.calendar.startDay - 900)}\t${ts(plan.calendar.startDay - 900)}\n`;
  }
}

export const PROGRAMME_COLUMNS = ['id', 'organisation_id', 'code', 'name', 'objective_id', 'sro', 'status', 'start_date', 'whole_life_budget', 'created_at', 'updated_at'];
export function* programmeRows(plan: Plan): Generator<string> {
  for (const g of plan.programmes) {
    const org = plan.orgs[g.org];
    const budget = `${(5 + (g.index % 37)) * 250000}.00`;
    yield `${g.id}\t${org.id}\tPG-${g.index}\tProgramme ${g.index - org.firstProgramme + 1}\t${g.objectiveId ?? N}\tSenior Responsible Owner ${g.index % 97}\t${g.status}\t${iso(g.startDay)}\t${budget}\t${ts(g.startDay)}\t${ts(g.startDay)}\n`;
  }
}

export const PROJECT_COLUMNS = ['id', 'organisation_id', 'programme_id', 'code', 'name', 'user_need', 'phase', 'status', 'start_date', 'external_source', 'external_id', 'created_at', 'updated_at'];
export function* projectRows(plan: Plan): Generator<string> {
  for (const p of plan.projects) {
    const org = plan.orgs[p.org];
    const need = p.userNeed ? `As a resident I need to complete service ${p.index} online so that I do not have to phone` : N;
    const ref = p.index % 3 === 0 ? `jira\tPRJ-${p.index}` : `${N}\t${N}`;
    yield `${p.id}\t${org.id}\t${plan.programmes[p.programme].id}\tP-${p.index}\tProject ${p.index}\t${need}\t${p.phase}\t${p.status}\t${iso(p.startDay)}\t${ref}\t${ts(p.startDay)}\t${ts(p.startDay)}\n`;
  }
}

const LEVELS = ['green', 'amber_green', 'amber', 'amber_red', 'red'] as const;
const RAG = ['green', 'amber', 'red'] as const;

export const STATUS_REPORT_COLUMNS = [
  'id', 'organisation_id', 'subject_type', 'project_id', 'programme_id', 'period', 'revision', 'overall',
  'schedule', 'cost', 'scope', 'benefits', 'risk', 'resourcing', 'narrative', 'reported_by', 'submitted_at',
];

function report(rng: Rng, orgId: string, subject: 'project' | 'programme', subjectId: string, period: string, revision: number, level: number, submitted: number): string {
  const overall = LEVELS[level];
  const dims = Array.from({ length: 6 }, () => RAG[Math.min(2, Math.max(0, Math.round(level / 2 + (rng.float() - 0.5) * 1.2)))]);
  const allGreen = level === 0 && dims.every((d) => d === 'green');
  const narrative = allGreen && rng.chance(0.6) ? N : `Delivery update for ${period}: ${overall.replace('_', '-')} overall; see the risk log`;
  const ids = subject === 'project' ? `${subjectId}\t${N}` : `${N}\t${subjectId}`;
  return `${rng.uuid()}\t${orgId}\t${subject}\t${ids}\t${period}\t${revision}\t${overall}\t${dims.join('\t')}\t${narrative}\tPMO\t${ts(submitted, 10)}\n`;
}

/**
 * A report for every month of a project's life, with realistic gaps: a few missed months, and about
 * one project in twelve that has not reported the last closed period yet (status_report_overdue).
 * Some projects report rosier than they are (the optimism gap is judged by the scan).
 */
export function* statusReportRows(plan: Plan): Generator<string> {
  const months = plan.calendar.monthStarts;
  for (const p of plan.projects) {
    if (p.status === 'archived') continue;
    const rng = new Rng(plan.options.seed, STREAM.reports, p.index);
    const orgId = plan.orgs[p.org].id;
    const overdue = rng.chance(0.08);
    const optimist = rng.chance(0.2);
    let level: number = optimist ? 0 : rng.weighted([[0, 30], [1, 30], [2, 22], [3, 12], [4, 6]] as const);
    for (let m = 0; m < months.length; m++) {
      if (months[m] < p.startDay) continue;
      if ((m === months.length - 1 && overdue) || rng.chance(0.03)) continue;
      if (!optimist && rng.chance(0.2)) level = Math.min(4, Math.max(0, level + (rng.chance(0.5) ? 1 : -1)));
      const period = periodOf(months[m]);
      const submitted = lastDayOfMonth(months[m]) + rng.int(1, 8);
      yield report(rng, orgId, 'project', p.id, period, 1, level, submitted);
      if (rng.chance(0.02)) yield report(rng, orgId, 'project', p.id, period, 2, Math.min(4, level + 1), submitted + 2);
    }
  }
  for (const g of plan.programmes) {
    const rng = new Rng(plan.options.seed, STREAM.programmeReports, g.index);
    const orgId = plan.orgs[g.org].id;
    const level = rng.weighted([[0, 35], [1, 35], [2, 20], [3, 7], [4, 3]] as const);
    for (const start of months) {
      if (start < g.startDay || rng.chance(0.05)) continue;
      yield report(rng, orgId, 'programme', g.id, periodOf(start), 1, level, lastDayOfMonth(start) + rng.int(3, 10));
    }
  }
}
