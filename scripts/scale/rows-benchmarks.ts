import type { Plan } from './plan';
import { ts } from './rows-portfolio';

/** Every organisation of the scale dataset opts in to the anonymous benchmarks, so the nightly job covers all of them. */
export const PARTICIPANT_COLUMNS = ['organisation_id', 'opted_in', 'changed_at'];
export function* participantRows(plan: Plan): Generator<string> {
  for (const o of plan.orgs) yield `${o.id}\tt\t${ts(plan.calendar.startDay - 30)}\n`;
}
