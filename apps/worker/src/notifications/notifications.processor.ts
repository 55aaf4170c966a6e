import { Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, JOBS, QUEUES, todayInLondon } from '@app/platform';
import { DeliverySender, Digests, MailTransport, mailTransportFor } from '@app/notifications';
import { ReportReminders } from '@app/portfolio';
import { ActionReminders } from '@app/accountability';
import { AcceptanceReminders } from '@app/governance';

/**
 * Email from the notification outbox, the weekly digest and the daily reminders (reports due or
 * late, actions due or overdue, flag acceptances about to end). Each job is safe
 * to run twice and on several workers: sends are claimed row by row, digests and reminders are
 * keyed by person and day.
 */
@Processor(QUEUES.notifications)
@Injectable()
export class NotificationsProcessor implements OnApplicationShutdown {
  private readonly logger = new Logger('notifications');
  private readonly transport: MailTransport | null;

  constructor(
    config: AppConfig,
    private readonly sender: DeliverySender,
    private readonly digests: Digests,
    private readonly reminders: ReportReminders,
    private readonly actionReminders: ActionReminders,
    private readonly acceptanceReminders: AcceptanceReminders,
  ) {
    this.transport = mailTransportFor(config);
    if (!this.transport) this.logger.warn({ msg: 'SMTP_HOST is not set: email waits in the outbox until it is' });
  }

  @Process(JOBS.emailSend.name)
  async send(): Promise<{ sent: number; failed: number }> {
    if (!this.transport) return { sent: 0, failed: 0 };
    return this.sender.sendDue(this.transport);
  }

  @Process(JOBS.emailDigest.name)
  async digest(): Promise<{ gathered: number; sent: number }> {
    const gathered = await this.digests.gather();
    const { sent } = this.transport ? await this.sender.sendDue(this.transport) : { sent: 0 };
    return { gathered, sent };
  }

  @Process(JOBS.reminders.name)
  async remind(): Promise<{ due: number; late: number; actions: number; acceptances: number }> {
    const today = todayInLondon();
    const result = { ...(await this.reminders.run(today)), ...(await this.actionReminders.run(today)), ...(await this.acceptanceReminders.run(today)) };
    if (this.transport) await this.sender.sendDue(this.transport);
    return result;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
