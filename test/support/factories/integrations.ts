import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { newSigningKey } from '@app/integrations';

/** Arranges a subscription directly in SQL (owner connection); returns its id and secret. */
export async function insertWebhook(db: Pool, organisationId: string, overrides: { url?: string; events?: string[]; active?: boolean } = {}): Promise<{ id: string; secret: string }> {
  const { key, secret } = newSigningKey();
  const { rows } = await db.query(`INSERT INTO webhooks (organisation_id, url, events, secret, active) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
    organisationId,
    overrides.url ?? 'https://8.8.8.8/hook',
    overrides.events ?? ['flag.raised'],
    key,
    overrides.active ?? true,
  ]);
  return { id: rows[0].id, secret };
}

export async function insertDelivery(
  db: Pool,
  organisationId: string,
  webhookId: string,
  overrides: { eventType?: string; status?: string; attempts?: number; lastStatusCode?: number | null; createdAt?: Date } = {},
): Promise<{ id: string; eventId: string }> {
  const eventId = crypto.randomUUID();
  const { rows } = await db.query(
    `INSERT INTO webhook_deliveries (organisation_id, webhook_id, event_id, event_type, body, status, attempts, last_status_code, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [organisationId, webhookId, eventId, overrides.eventType ?? 'flag.raised', JSON.stringify({ id: eventId }), overrides.status ?? 'pending', overrides.attempts ?? 0, overrides.lastStatusCode ?? null, overrides.createdAt ?? new Date()],
  );
  return { id: rows[0].id, eventId };
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1: records every request and answers with what `respond` says
 * for the n-th one (0-based).
 */
export async function startReceiver(respond: (n: number, request: ReceivedRequest) => { status: number; body?: string; headers?: Record<string, string> }): Promise<{ url: string; requests: ReceivedRequest[]; close: () => Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const answer = respond(requests.length, received);
      requests.push(received);
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...(answer.headers ?? {}) });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
