import { Injectable } from '@nestjs/common';
import { Db } from '@app/platform';
import { KIND_TITLES } from './notification.enums';

/**
 * The weekly digest, set-based: for each person with waiting digest-mode notifications, one
 * `digest` delivery (key `digest:<day>`, so a second run on the same day adds nothing) listing them,
 * and each gathered one marked `digested` into it. The digest is then sent like any other email.
 */
@Injectable()
export class Digests {
  constructor(private readonly db: Db) {}

  async gather(): Promise<number> {
    const titles = Object.entries(KIND_TITLES).map(([kind, title]) => `('${kind}', '${title.replace(/'/g, "''")}')`).join(', ');
    const rows = await this.db.system((m) =>
      m.query<{ id: string }[]>(
        `WITH waiting AS (
           SELECT d.id, d.organisation_id, d.person_id, d.kind, d.subject, d.body, d.link, d.created_at
             FROM notification_deliveries d WHERE d.status = 'pending' AND d.mode = 'digest' FOR UPDATE SKIP LOCKED),
         titles(kind, title) AS (VALUES ${titles}),
         per_person AS (
           SELECT w.organisation_id, w.person_id, count(*) AS n,
                  string_agg(format('%s: %s%s%s', t.title, w.subject, E'\\n', w.body), E'\\n\\n' ORDER BY w.kind, w.created_at) AS items
             FROM waiting w JOIN titles t ON t.kind = w.kind
            GROUP BY w.organisation_id, w.person_id),
         digests AS (
           INSERT INTO notification_deliveries (organisation_id, person_id, kind, event_key, mode, subject, body, link)
           SELECT organisation_id, person_id, 'digest', 'digest:' || to_char(now() AT TIME ZONE 'Europe/London', 'YYYY-MM-DD'), 'immediate',
                  format('Your weekly summary: %s update%s', n, CASE WHEN n = 1 THEN '' ELSE 's' END),
                  format('Here is what happened this week that concerns you.%s%s', E'\\n\\n', items), '/board'
             FROM per_person
           ON CONFLICT (organisation_id, event_key, person_id) DO NOTHING
           RETURNING id, organisation_id, person_id),
         marked AS (
           UPDATE notification_deliveries d SET status = 'digested', digest_id = g.id
             FROM waiting w JOIN digests g ON g.organisation_id = w.organisation_id AND g.person_id = w.person_id
            WHERE d.id = w.id
           RETURNING d.id)
         SELECT id FROM marked`,
      ),
    );
    return rows.length;
  }
}
