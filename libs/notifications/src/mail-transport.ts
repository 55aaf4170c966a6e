import { createTransport, Transporter } from 'nodemailer';
import type { AppConfig } from '@app/platform';

/** One email, ready to send. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per delivery, so a mail client shows a message re-sent after a crash once. */
  messageId: string;
  headers: Record<string, string>;
}

/**
 * How email leaves the product: the one place that knows the transport. SMTP today; GOV.UK Notify
 * or Microsoft Graph would be another implementation of this interface, chosen in `mailTransportFor`.
 * `send` resolves once the server has accepted the message and throws otherwise.
 */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Thrown for a refusal that a retry cannot fix (a 5xx reply: no such mailbox, message refused). */
export class PermanentMailError extends Error {}

export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;

  constructor(private readonly config: AppConfig) {
    this.transporter = createTransport({
      host: config.smtpHost,
      port: config.smtpPort,
      secure: config.smtpSecurity === 'tls',
      requireTLS: config.smtpSecurity === 'starttls',
      ignoreTLS: config.smtpSecurity === 'none',
      auth: config.smtpUser ? { user: config.smtpUser, pass: config.smtpPassword } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transporter.sendMail({ from: this.config.smtpFrom, to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId, headers: message.headers });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && code < 600) throw new PermanentMailError((error as Error).message);
      throw error;
    }
  }

  close(): void {
    this.transporter.close();
  }
}

/** The transport the configuration asks for; none when no SMTP host is set (deliveries wait). */
export function mailTransportFor(config: AppConfig): MailTransport | null {
  return config.smtpHost ? new SmtpMailTransport(config) : null;
}
