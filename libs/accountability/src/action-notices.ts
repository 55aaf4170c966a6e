import { notify } from '@app/notifications';
import type { TenantTx } from '@app/platform';
import type { ActionParent } from './accountability.enums';
import type { ActionView } from './accountability.views';

/** What an action hangs off, as a sentence says it. */
const PARENT_WORDS: Record<ActionParent, string> = {
  flag: 'a governance flag',
  risk: 'a risk',
  issue: 'an issue',
  decision: 'a decision',
  status_report: 'a status report',
};

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 2026-12-31 as "31 December 2026", the way the emails write dates. */
export const longDate = (date: string): string => LONG_DATE.format(new Date(`${date}T00:00:00Z`));

/** The project (or, for a programme-level action, the programme) an action is on: its name and board page. */
async function placeOf(tx: TenantTx, action: ActionView): Promise<{ name: string; link: string }> {
  const [row] = action.projectId
    ? await tx.query<{ code: string; name: string }>(`SELECT code, name FROM projects WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, action.projectId])
    : await tx.query<{ code: string; name: string }>(`SELECT code, name FROM programmes WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, action.programmeId]);
  return {
    name: `${row.code} ${row.name}`,
    link: action.projectId ? `/board/projects/${action.projectId}` : `/board?programme=${action.programmeId}`,
  };
}

/**
 * Tells an action's owner it is theirs, in the transaction that made it so (creation or a change of
 * owner). Nobody is told of an action they gave themselves, or of one already closed. The key holds the action's version, so
 * an action handed back to someone tells them again, and a retried request does not.
 */
export async function tellAssignee(tx: TenantTx, action: ActionView): Promise<void> {
  if (tx.actor.personId === action.ownerPersonId || action.status !== 'open') return;
  const { name, link } = await placeOf(tx, action);
  const notes = action.notes?.trim() ? `\n\nNotes: ${action.notes.trim()}` : '';
  await notify(tx, [
    {
      kind: 'action_assigned',
      eventKey: `action_assigned:${action.id}:${action.version}:${action.ownerPersonId}`,
      personIds: [action.ownerPersonId],
      subject: `Action assigned to you: ${action.title}`,
      body:
        `${tx.actor.name} gave you an action on ${PARENT_WORDS[action.parentType]} for ${name}: "${action.title}", due by ${longDate(action.dueOn)}.` +
        `${notes}\n\nWhen it is done, mark it done on the board. If the date cannot be met, agree a new one and change it there.`,
      link,
    },
  ]);
}
