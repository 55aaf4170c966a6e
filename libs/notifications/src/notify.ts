import type { TenantTx } from '@app/platform';
import { NotificationKind, NOTIFICATION_KINDS } from './notification.enums';

/**
 * One thing to tell people. `eventKey` names what happened, stably: announcing the same key twice
 * (a retried job, a second worker) tells nobody twice. Write `body` as a sentence or two in plain
 * English; `link` is the page it is about, relative to the public URL (`/board/projects/<id>`).
 */
export interface Notice {
  kind: NotificationKind;
  eventKey: string;
  personIds: readonly string[];
  subject: string;
  body: string;
  link: string;
}

/**
 * The set-based form: an INSERT of one delivery per row of `select`, a query yielding
 * (organisation_id, person_id, event_key, subject, body, link). Each person's preference for `kind`
 * decides immediate or digest, and `off` writes nothing. Compose it into a statement (a CTE) so the
 * notification commits with the change it announces.
 */
export function notificationsSql(kind: NotificationKind, select: string): string {
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown notification kind ${kind}`);
  return `
  INSERT INTO notification_deliveries (organisation_id, person_id, kind, event_key, mode, subject, body, link)
  SELECT n.organisation_id, n.person_id, '${kind}', n.event_key, coalesce(pr.mode, 'immediate'), left(n.subject, 200), n.body, left(n.link, 500)
    FROM (${select}) n
    LEFT JOIN notification_preferences pr ON pr.organisation_id = n.organisation_id AND pr.person_id = n.person_id AND pr.kind = '${kind}'
   WHERE coalesce(pr.mode, 'immediate') <> 'off'
  ON CONFLICT (organisation_id, event_key, person_id) DO NOTHING`;
}

/**
 * The entry point every area calls to tell people something, inside the transaction of the change
 * it announces (so it is sent if and only if that commits). For example, when an action is assigned:
 *
 *   await notify(tx, [{ kind: 'action_assigned', eventKey: `action_assigned:${action.id}:${ownerId}`,
 *     personIds: [ownerId], subject: `Action assigned to you: ${action.title}`,
 *     body: `${actor.name} assigned you an action on ${project.name}, due ${action.dueOn}.`, link: `/board/projects/${project.id}` }]);
 *
 * Returns how many deliveries were written (people who turned the kind off, and repeats, are not).
 */
export async function notify(tx: TenantTx, notices: readonly Notice[]): Promise<number> {
  let written = 0;
  for (const kind of new Set(notices.map((n) => n.kind))) {
    const rows = notices
      .filter((n) => n.kind === kind)
      .flatMap((n) => [...new Set(n.personIds)].map((personId) => ({ person_id: personId, event_key: n.eventKey, subject: n.subject, body: n.body, link: n.link })));
    if (rows.length === 0) continue;
    const select = `SELECT $1::uuid AS organisation_id, r.person_id, r.event_key, r.subject, r.body, r.link
                      FROM jsonb_to_recordset($2::jsonb) AS r(person_id uuid, event_key text, subject text, body text, link text)`;
    const result = await tx.query<{ id: string }>(`${notificationsSql(kind, select)} RETURNING id`, [tx.organisationId, JSON.stringify(rows)]);
    written += result.length;
  }
  return written;
}
