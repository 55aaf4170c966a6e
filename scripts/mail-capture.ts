import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the capture received, raw and parsed. */
export interface CapturedMail {
  /** Envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Header lines as sent, by lower-case name (for List-Unsubscribe and the like). */
  headers: Record<string, string>;
  raw: Buffer;
  receivedAt: Date;
}

/**
 * A local SMTP server on 127.0.0.1 that accepts every message and keeps it: the demo's outbox
 * viewer and the tests' real SMTP server. Nothing leaves the machine. With a folder, each message
 * is also written there as an .eml file a mail client opens.
 */
export class MailCapture {
  readonly messages: CapturedMail[] = [];
  private server: SMTPServer | null = null;

  /** `delayMs` holds each message that long before accepting it: a slow server, so a test can stop it mid-batch. */
  constructor(
    private readonly folder?: string,
    private readonly delayMs = 0,
  ) {
    if (folder) mkdirSync(folder, { recursive: true });
  }

  /** Listens on 127.0.0.1 (port 0: any free port); resolves with the port. */
  start(port = 0): Promise<number> {
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          new Promise((r) => setTimeout(r, this.delayMs))
            .then(() => simpleParser(raw))
            .then((mail) => {
              const headers: Record<string, string> = {};
              for (const line of mail.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
              const captured: CapturedMail = {
                to: session.envelope.rcptTo.map((r) => r.address),
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                html: typeof mail.html === 'string' ? mail.html : '',
                messageId: mail.messageId ?? '',
                headers,
                raw,
                receivedAt: new Date(),
              };
              this.messages.push(captured);
              if (this.folder) writeFileSync(join(this.folder, `${captured.receivedAt.toISOString().replace(/[:.]/g, '-')}-${this.messages.length}.eml`), raw);
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
    });
  }

  /** Stops listening and drops open connections, as a server that goes down would. */
  stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  /** Messages to one address. */
  to(address: string): CapturedMail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }
}
