import { createServer } from 'node:http';
import { join } from 'node:path';
import { MailCapture } from '../mail-capture';

/**
 * The demo's email: a local SMTP server on 127.0.0.1 (DEMO_SMTP_PORT, default 1025) that keeps every
 * message the worker sends, in memory and as .eml files in demo-mail/, and a page
 * (DEMO_MAIL_PORT, default 1080) listing what each demo person was sent. Nothing leaves the machine.
 */
export const DEMO_SMTP_PORT = Number(process.env.DEMO_SMTP_PORT ?? 1025);
export const DEMO_MAIL_PORT = Number(process.env.DEMO_MAIL_PORT ?? 1080);

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function render(capture: MailCapture): string {
  const byPerson = new Map<string, typeof capture.messages>();
  for (const m of capture.messages) for (const to of m.to) byPerson.set(to, [...(byPerson.get(to) ?? []), m]);
  const people = [...byPerson.entries()].sort(([a], [b]) => a.localeCompare(b));
  const sections = people
    .map(
      ([to, mails]) => `<h2>${escapeHtml(to)} (${mails.length})</h2>
${mails
  .map(
    (m) => `<details><summary>${escapeHtml(m.receivedAt.toISOString().slice(0, 16).replace('T', ' '))}: ${escapeHtml(m.subject)}</summary>
<pre style="white-space: pre-wrap">${escapeHtml(m.text)}</pre>
<p><small>List-Unsubscribe: ${escapeHtml(m.headers['list-unsubscribe'] ?? '')}; List-Unsubscribe-Post: ${escapeHtml(m.headers['list-unsubscribe-post'] ?? '')}</small></p></details>`,
  )
  .join('\n')}`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo email</title></head>
<body style="font-family: Arial, sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.5">
<h1>Email sent by the demo</h1>
<p>Every message the worker sent, by recipient, newest last. Each is also saved as an .eml file in demo-mail/. Reload to see new ones.</p>
${sections || '<p>Nothing yet: the worker sends within a few seconds of starting.</p>'}
</body></html>`;
}

async function main(): Promise<void> {
  const capture = new MailCapture(join(process.cwd(), 'demo-mail'));
  await capture.start(DEMO_SMTP_PORT);
  const page = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(render(capture));
  });
  await new Promise<void>((resolve) => page.listen(DEMO_MAIL_PORT, '127.0.0.1', resolve));
  console.log(JSON.stringify({ level: 30, msg: 'demo email capture listening', smtp: `127.0.0.1:${DEMO_SMTP_PORT}`, page: `http://127.0.0.1:${DEMO_MAIL_PORT}` }));
  const stop = () => capture.stop().then(() => page.close(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`demo email capture failed: ${error.message}`);
    process.exit(1);
  });
}
