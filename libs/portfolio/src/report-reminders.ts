import { Injectable } from '@nestjs/common';
import { Db, peopleInRolesSql, todayInLondon } from '@app/platform';
import { notificationsSql } from '@app/notifications';

/** How many days before a period closes its project manager is reminded that the report is due. */
export const REPORT_DUE_DAYS = 3;

const dueSql = `
  SELECT p.organisation_id, pm.person_id,
         format('report_due:%s:%s:%s', p.id, to_char($1::date, 'YYYY-MM'), $1::date) AS event_key,
         format('Status report due for %s %s by %s', p.code, p.name, to_char((date_trunc('month', $1::date) + interval '1 month - 1 day')::date, 'FMDD FMMonth YYYY')) AS subject,
         format('The %s status report for %s %s is due by the end of the month, %s. Write it and submit it for approval by the SRO or programme manager.',
                to_char($1::date, 'FMMonth YYYY'), p.code, p.name, to_char((date_trunc('month', $1::date) + interval '1 month - 1 day')::date, 'FMDD FMMonth')) AS body,
         '/board/projects/' || p.id AS link
    FROM projects p
    CROSS JOIN LATERAL (${peopleInRolesSql('p.organisation_id', 'NULL::uuid', 'p.id', ['project_manager'])}) pm
   WHERE p.status = 'active' AND p.phase <> 'retired'
     AND $1::date > (date_trunc('month', $1::date) + interval '1 month')::date - ${REPORT_DUE_DAYS} - 1
     AND NOT EXISTS (SELECT 1 FROM status_reports s WHERE s.organisation_id = p.organisation_id AND s.project_id = p.id
                        AND s.period = to_char($1::date, 'YYYY-MM') AND s.state <> 'draft')`;

const lateSql = `
  SELECT p.organisation_id, sro.person_id,
         format('report_late:%s:%s:%s', p.id, to_char($1::date - interval '1 month', 'YYYY-MM'), $1::date) AS event_key,
         format('Status report late for %s %s (%s)', p.code, p.name, to_char($1::date - interval '1 month', 'FMMonth YYYY')) AS subject,
         format('No status report for %s has been submitted for %s %s, and the period has closed. As its programme''s SRO you may want to ask the project manager for it.',
                to_char($1::date - interval '1 month', 'FMMonth YYYY'), p.code, p.name) AS body,
         '/board/projects/' || p.id AS link
    FROM projects p
    CROSS JOIN LATERAL (${peopleInRolesSql('p.organisation_id', 'p.programme_id', 'NULL::uuid', ['sro'])}) sro
   WHERE p.status = 'active' AND p.phase <> 'retired'
     AND coalesce(p.start_date, (p.created_at AT TIME ZONE 'UTC')::date) < date_trunc('month', $1::date - interval '1 month')::date
     AND NOT EXISTS (SELECT 1 FROM status_reports s WHERE s.organisation_id = p.organisation_id AND s.project_id = p.id
                        AND s.period = to_char($1::date - interval '1 month', 'YYYY-MM') AND s.state <> 'draft')`;

/**
 * Report reminders for every organisation, set-based: before a period closes, each project manager
 * whose report is not yet submitted; once it is late, the programme's SRO. The event key holds the
 * day, so each person hears once per project and day however often, and on however many workers,
 * this runs.
 */
@Injectable()
export class ReportReminders {
  constructor(private readonly db: Db) {}

  async run(today: string = todayInLondon()): Promise<{ due: number; late: number }> {
    return this.db.system(async (m) => {
      const due = await m.query(`WITH n AS (${notificationsSql('report_due', dueSql)} RETURNING 1) SELECT count(*)::int AS n FROM n`, [today]);
      const late = await m.query(`WITH n AS (${notificationsSql('report_late', lateSql)} RETURNING 1) SELECT count(*)::int AS n FROM n`, [today]);
      return { due: due[0].n, late: late[0].n };
    });
  }
}
