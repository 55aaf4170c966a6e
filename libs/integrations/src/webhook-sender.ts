import http from 'node:http';
import https from 'node:https';
import { assertPublicTarget, checkUrlShape, guardedLookup } from './target-guard';

export const DELIVERY_TIMEOUT_MS = 10_000;
const SNIPPET_CHARS = 200;
const READ_LIMIT_BYTES = 16 * 1024;

export interface SendResult {
  /** Null when no HTTP answer came. */
  statusCode: number | null;
  snippet: string | null;
  error: string | null;
  ok: boolean;
}

/**
 * One POST, never following redirects (a 3xx is a failure), within DELIVERY_TIMEOUT_MS. The
 * target is checked against the SSRF guard before connecting, and again by the socket's own
 * lookup, so a name that re-resolves to a private address is refused too.
 */
export async function sendWebhook(rawUrl: string, headers: Record<string, string>, body: string, allowPrivate: boolean, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<SendResult> {
  let url: URL;
  try {
    url = checkUrlShape(rawUrl, allowPrivate);
    await assertPublicTarget(url, allowPrivate);
  } catch (error) {
    return { statusCode: null, snippet: null, error: `refused: ${(error as Error).message}`.slice(0, 500), ok: false };
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'programme-kpi-tracker-webhooks/1', ...headers },
        lookup: guardedLookup(allowPrivate) as never,
        agent: false,
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        response.on('data', (chunk: Buffer) => {
          if (received < READ_LIMIT_BYTES) chunks.push(chunk);
          received += chunk.length;
          // Nobody needs more of the answer than a snippet; stop reading a huge one.
          if (received >= READ_LIMIT_BYTES) response.destroy();
        });
        const done = () => {
          const snippet = Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET_CHARS) || null;
          const ok = statusCode >= 200 && statusCode < 300;
          const error = ok ? null : statusCode >= 300 && statusCode < 400 ? `redirect to ${String(response.headers.location ?? '(none)').slice(0, 200)} not followed` : `HTTP ${statusCode}`;
          finish({ statusCode, snippet, error, ok });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({ statusCode: null, snippet: null, error: `no answer within ${timeoutMs} ms`, ok: false });
    }, timeoutMs);
    request.on('error', (error) => finish({ statusCode: null, snippet: null, error: error.message.slice(0, 500), ok: false }));
    request.end(body);
  });
}
