import { Injectable } from '@nestjs/common';
import { OWNERS_SQL } from '@app/accountability';
import { notificationsSql } from '@app/notifications';
import { Db, personContactSql, todayInLondon } from '@app/platform';
import { RULES } from './governance.enums';
import { GOVERNANCE_DEFAULTS } from './settings';

const RULE_TITLES = `(VALUES ${RULES.map((r) => `('${r.code}', '${r.title.replace(/'/g, "''")}')`).join(', ')}) AS rt(rule, title)`;

/**
 * Accepted flags whose acceptance ends within the organisation's notice (`acceptanceNoticeDays`):
 * the last accepted day is $2 (today) or later and before $2 + notice. $1 is the organisation, or
 * NULL for all. Told: whoever accepted it, and the named owner of its project (a programme's flag:
 * the programme's SRO), once each. The key holds the acceptance's time, so each acceptance is
 * announced once, and accepting the flag again starts afresh.
 */
const lapsingSql = `
  SELECT f.organisation_id, who.person_id,
         format('acceptance_lapsing:%s:%s', f.id, to_char(f.accepted_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS.US')) AS event_key,
         format('Flag acceptance ends %s: %s on %s %s', to_char(f.accepted_until, 'FMDD FMMonth YYYY'), rt.title, coalesce(p.code, g.code), coalesce(p.name, g.name)) AS subject,
         format('The flag "%s" on %s %s was accepted by %s until %s, for this reason:%s"%s"%sAfter that day the next governance check counts it as open again. Fix its cause, accept it again for a new date, or let the acceptance end.',
                rt.title, coalesce(p.code, g.code), coalesce(p.name, g.name), coalesce(f.accepted_by, 'someone'), to_char(f.accepted_until, 'FMDD FMMonth YYYY'),
                E'\\n\\n', f.acceptance_reason, E'\\n\\n') AS body,
         CASE WHEN f.project_id IS NOT NULL THEN '/board/projects/' || f.project_id ELSE '/board?programme=' || f.programme_id END AS link
    FROM flags f
    JOIN organisations o ON o.id = f.organisation_id
    JOIN ${RULE_TITLES} ON rt.rule = f.rule
    JOIN programmes g ON g.organisation_id = f.organisation_id AND g.id = f.programme_id
    LEFT JOIN projects p ON p.organisation_id = f.organisation_id AND p.id = f.project_id
    CROSS JOIN LATERAL (
      SELECT f.accepted_by_person_id AS person_id WHERE f.accepted_by_person_id IS NOT NULL
      UNION
      SELECT ow.person_id FROM ${OWNERS_SQL} ow
       WHERE ow.organisation_id = f.organisation_id
         AND ((f.project_id IS NOT NULL AND ow.subject_type = 'project' AND ow.subject_id = f.project_id)
           OR (f.project_id IS NULL AND ow.subject_type = 'programme' AND ow.subject_id = f.programme_id))) who
    CROSS JOIN LATERAL (${personContactSql('f.organisation_id', 'who.person_id')}) contact
   WHERE ($1::uuid IS NULL OR f.organisation_id = $1::uuid)
     AND f.status = 'accepted'
     AND f.accepted_until >= $2::date
     AND f.accepted_until < $2::date + coalesce((o.settings->'governance'->>'acceptanceNoticeDays')::int, ${GOVERNANCE_DEFAULTS.acceptanceNoticeDays})
     AND contact.status <> 'deactivated'`;

/**
 * Tells people a flag acceptance is about to end, so the board decides before the flag opens again:
 * set-based over every organisation, run with the day's reminders.
 */
@Injectable()
export class AcceptanceReminders {
  constructor(private readonly db: Db) {}

  async run(today: string = todayInLondon(), organisationId: string | null = null): Promise<{ acceptances: number }> {
    return this.db.system(async (m) => {
      const rows = await m.query(`WITH n AS (${notificationsSql('acceptance_lapsing', lapsingSql)} RETURNING 1) SELECT count(*)::int AS n FROM n`, [organisationId, today]);
      return { acceptances: rows[0].n };
    });
  }
}
