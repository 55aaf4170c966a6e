import { Module } from '@nestjs/common';
import { currentPeriod, Db } from '@app/platform';
import { NotificationsModule } from '@app/notifications';
import { PortfolioModule, ReportReminders, StatusReportsService } from '@app/portfolio';
import { DEMO_DOMAIN } from './demo-people';
import type { DemoSeeder } from './seed';

@Module({ imports: [PortfolioModule, NotificationsModule] })
class DemoNotificationsModule {}

/**
 * Something for each demo person to read in the demo's email: Tom Okafor submits this month's
 * report for Report a missed bin, Priya Shah (the SRO) returns it with a comment, and today's
 * report reminders are worked out. The worker sends them to the local capture when it starts.
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
    const report = await reports.submit(tom, { type: 'project', id: project.id }, {
      period: currentPeriod(),
      overall: 'amber',
      dimensions: { schedule: 'green', cost: 'amber', scope: 'green', benefits: 'green', risk: 'green', resourcing: 'green' },
      narrative: 'Supplier invoices for the new collection app arrived late; costs are being reconciled.',
    });
    await reports.returnToDraft(priya, report.id, 'The cost rating is amber but the forecast shows a 12% overspend: say what the recovery plan is before I approve.');
    const reminders = await app.get(ReportReminders).run();
    log(`notifications: a report submitted and returned with a comment; ${reminders.due} report-due and ${reminders.late} report-late reminders`);
  },
};
