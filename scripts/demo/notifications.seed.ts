import { Module } from '@nestjs/common';
import { Db } from '@app/platform';
import { NotificationsModule } from '@app/notifications';
import { PortfolioModule, ReportReminders, StatusReportsService } from '@app/portfolio';
import { AccountabilityModule, ActionReminders } from '@app/accountability';
import { AcceptanceReminders, GovernanceModule } from '@app/governance';
import { closedPeriods } from './portfolio.seed';
import { DEMO_DOMAIN } from './demo-people';
import type { DemoSeeder } from './seed';

@Module({ imports: [PortfolioModule, NotificationsModule, AccountabilityModule, GovernanceModule] })
class DemoNotificationsModule {}

/**
 * Sign-off and something for the demo people to read in the demo's email. Each programme's SRO
 * approves its reports, but Digital's latest ones wait for approval; Tom Okafor then submits a
 * correction to last month's report for Report a missed bin and Priya Shah (the SRO) returns it
 * with a comment; today's reminders (reports, actions due or overdue, flag acceptances about to end)
 * are worked out. The worker emails them to the local
 * capture when it starts.
 */
export const notificationsSeeder: DemoSeeder = {
  name: 'notifications',
  module: DemoNotificationsModule,
  async seed(app, actor, log) {
    const person = async (local: string) => {
      const rows = await app.get(Db).tenant(actor, (tx) => tx.query<{ id: string; name: string }>(`SELECT id, name FROM people WHERE organisation_id = $1 AND email = $2`, [tx.organisationId, `${local}@${DEMO_DOMAIN}`]));
      return { ...actor, personId: rows[0].id, name: rows[0].name, roles: ['viewer'] };
    };
    const tom = await person('tom.okafor');
    const priya = await person('priya.shah');
    const [project] = await app.get(Db).tenant(actor, (tx) => tx.query<{ id: string }>(`SELECT id FROM projects WHERE organisation_id = $1 AND code = 'CS-02'`, [tx.organisationId]));
    const reports = app.get(StatusReportsService);
    const [latest] = closedPeriods(1);
    const waiting = await app.get(Db).tenant(actor, (tx) =>
      tx.query<{ id: string; approver: string; approver_name: string }>(
        `SELECT r.id, sro.person_id AS approver, pe.name AS approver_name
           FROM status_reports r
           LEFT JOIN projects p ON p.organisation_id = r.organisation_id AND p.id = r.project_id
           JOIN programmes g ON g.organisation_id = r.organisation_id AND g.id = coalesce(r.programme_id, p.programme_id)
           JOIN LATERAL (SELECT m.person_id FROM memberships m WHERE m.organisation_id = r.organisation_id AND m.programme_id = g.id AND m.role = 'sro' ORDER BY m.created_at LIMIT 1) sro ON true
           JOIN people pe ON pe.organisation_id = r.organisation_id AND pe.id = sro.person_id
          WHERE r.organisation_id = $1 AND r.state = 'submitted' AND NOT (g.code = 'DI' AND r.period = $2)
          ORDER BY r.period, r.id`,
        [tx.organisationId, latest],
      ),
    );
    for (const r of waiting) await reports.approve({ ...actor, personId: r.approver, name: r.approver_name, roles: ['viewer'] }, r.id);
    const report = await reports.submit(tom, { type: 'project', id: project.id }, {
      period: latest,
      overall: 'amber',
      dimensions: { schedule: 'green', cost: 'amber', scope: 'green', benefits: 'green', risk: 'green', resourcing: 'green' },
      narrative: 'Supplier invoices for the new collection app arrived late; costs are being reconciled.',
    });
    await reports.returnToDraft(priya, report.id, 'The cost rating is amber but the forecast shows a 12% overspend: say what the recovery plan is before I approve.');
    const reminders = await app.get(ReportReminders).run();
    const { actions } = await app.get(ActionReminders).run();
    const { acceptances } = await app.get(AcceptanceReminders).run();
    log(
      `sign-off: ${waiting.length} reports approved by their SROs, Digital's latest awaiting approval; a correction submitted and returned with a comment; ` +
        `${reminders.due} report-due, ${reminders.late} report-late, ${actions} action and ${acceptances} acceptance reminders`,
    );
  },
};
