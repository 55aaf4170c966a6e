import { renderEmail } from './email-content';
import { retryDelayMs } from './delivery-sender';

describe('email content', () => {
  const parts = {
    recipientName: 'Sam <Reid>',
    kind: 'report_returned' as const,
    subject: 'Your report was returned',
    body: 'Priya returned it:\n\n"Cost & forecast <disagree>"',
    url: 'http://127.0.0.1:3000/board/projects/1',
    unsubscribeUrl: 'http://127.0.0.1:3000/v1/notifications/unsubscribe?token=abc',
    preferencesUrl: 'http://127.0.0.1:3000/board/notifications',
  };

  it('says the same in plain text and HTML: greeting, body, the page, and how to stop', () => {
    const { text, html } = renderEmail(parts);
    expect(text).toContain('Hello Sam <Reid>,');
    expect(text).toContain('"Cost & forecast <disagree>"');
    expect(text).toContain(`Open the page: ${parts.url}`);
    expect(text).toContain(`Stop them: ${parts.unsubscribeUrl}`);
    expect(text).toContain('"Status reports returned to you"');
    expect(html).toContain('Hello Sam &lt;Reid&gt;,');
    expect(html).toContain('&quot;Cost &amp; forecast &lt;disagree&gt;&quot;');
    expect(html).not.toContain('<disagree>');
    expect(html).toContain(`<a href="${parts.url}">Open the page</a>`);
    expect(html).toContain(`<a href="${parts.unsubscribeUrl}">Stop them</a>`);
  });

  it('backs off by doubling from the base delay, at most an hour', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(40, 30_000)).toBe(60 * 60 * 1000);
  });
});
