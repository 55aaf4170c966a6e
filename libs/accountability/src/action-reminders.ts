import { Injectable } from '@nestjs/common';
import { Db, personContactSql, todayInLondon } from '@app/platform';
import { notificationsSql } from '@app/notifications';

/**
 * Open actions due tomorrow or already overdue on day $1, one row per action for its owner. Closed
 * and archived projects (and programmes) are left out, as are owners who have left.
 */
const remindersSql = `
  SELECT a.organisation_id, a.owner_person_id AS person_id,
         format('action_due:%s:%s', a.id, $1::date) AS event_key,
         CASE WHEN a.due_on = $1::date + 1 THEN format('Action due tomorrow: %s', a.title)
              ELSE format('Action overdue: %s', a.title) END AS subject,
         CASE WHEN a.due_on = $1::date + 1
              THEN format('Your action "%s" on %s %s is due tomorrow, %s. When it is done, mark it done on the board.',
                          a.title, coalesce(p.code, g.code), coalesce(p.name, g.name), to_char(a.due_on, 'FMDD FMMonth YYYY'))
              ELSE format('Your action "%s" on %s %s was due on %s and is still open, %s day%s late. Do it and mark it done on the board, or agree a new date and change it there.',
                          a.title, coalesce(p.code, g.code), coalesce(p.name, g.name), to_char(a.due_on, 'FMDD FMMonth YYYY'),
                          $1::date - a.due_on, CASE WHEN $1::date - a.due_on = 1 THEN '' ELSE 's' END) END AS body,
         CASE WHEN a.project_id IS NOT NULL THEN '/board/projects/' || a.project_id ELSE '/board?programme=' || a.programme_id END AS link
    FROM actions a
    JOIN programmes g ON g.organisation_id = a.organisation_id AND g.id = a.programme_id
    LEFT JOIN projects p ON p.organisation_id = a.organisation_id AND p.id = a.project_id
    CROSS JOIN LATERAL (${personContactSql('a.organisation_id', 'a.owner_person_id')}) owner
   WHERE a.status = 'open' AND a.due_on <= $1::date + 1
     AND coalesce(p.status, g.status) NOT IN ('closed', 'archived')
     AND owner.status <> 'deactivated'`;

/**
 * Action reminders for every organisation, set-based: each open action due tomorrow, and each one
 * overdue, reminds its owner. The event key holds the action and the day (one key for both, since an
 * action is never both), so an owner hears once per action and day however often, and on however
 * many workers, this runs.
 */
@Injectable()
export class ActionReminders {
  constructor(private readonly db: Db) {}

  async run(today: string = todayInLondon()): Promise<{ actions: number }> {
    return this.db.system(async (m) => {
      const rows = await m.query(`WITH n AS (${notificationsSql('action_due', remindersSql)} RETURNING 1) SELECT count(*)::int AS n FROM n`, [today]);
      return { actions: rows[0].n };
    });
  }
}
