import { KIND_TITLES, NotificationKind } from './notification.enums';

export interface EmailParts {
  recipientName: string;
  kind: NotificationKind | 'digest';
  subject: string;
  body: string;
  url: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The plain-text and HTML bodies of one email: the same words in both, a link to the page, a way out. */
export function renderEmail(parts: EmailParts): { text: string; html: string } {
  const why = `You get these emails about "${KIND_TITLES[parts.kind]}".`;
  const text = [
    `Hello ${parts.recipientName},`,
    '',
    parts.body,
    '',
    `Open the page: ${parts.url}`,
    '',
    '--',
    why,
    `Stop them: ${parts.unsubscribeUrl}`,
    `Choose immediate or weekly emails: ${parts.preferencesUrl}`,
    '',
  ].join('\n');
  const paragraphs = parts.body.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c">
<p>Hello ${escapeHtml(parts.recipientName)},</p>
${paragraphs}
<p><a href="${escapeHtml(parts.url)}">Open the page</a></p>
<hr>
<p style="font-size: 14px">${escapeHtml(why)} <a href="${escapeHtml(parts.unsubscribeUrl)}">Stop them</a> or <a href="${escapeHtml(parts.preferencesUrl)}">choose immediate or weekly emails</a>.</p>
</body></html>
`;
  return { text, html };
}
