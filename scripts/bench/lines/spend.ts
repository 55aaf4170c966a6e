import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EntityManager } from 'typeorm';
import { NewSpend, SpendLedgerService } from '@app/finance';
import { Actor, Db, TenantTx } from '@app/platform';
import { BenchContext } from '../harness/context';
import { hammer, loop } from '../harness/load';
import { BenchLine } from '../harness/report';

/** `tag` keeps each run's references apart: the ledger refuses the same content twice as a duplicate. */
const entry = (projectId: string, n: number, tag: string): NewSpend => ({
  projectId,
  spentOn: new Date().toISOString().slice(0, 10),
  amount: `${100 + (n % 9000)}.${String(n % 100).padStart(2, '0')}`,
  currency: 'GBP',
  category: 'resource',
  costType: 'suppliers',
  supplier: 'Benchmark Supplies Ltd',
  supplierIsSme: n % 2 === 0,
  reference: `BENCH-${tag}-${n}`,
});

/**
 * The reference: the ledger's own statements (idempotency lock and lookup, financial-year start,
 * project ownership, the entry with its running total, the audit row, the stored answer) sent on a
 * raw pg pool of the api's size, in one transaction bound to the organisation; no HTTP, guard,
 * validation, Nest or TypeORM. It reuses SpendLedgerService over a minimal Db so the statements
 * cannot drift from the real path.
 */
function rawLedger(pool: Pool): SpendLedgerService {
  const db = {
    tenant: async <T>(actor: Actor, work: (tx: TenantTx) => Promise<T>): Promise<T> => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.organisation_id', $1, true)`, [actor.organisationId]);
        const manager = { query: (sql: string, params?: unknown[]) => client.query(sql, params).then((r) => r.rows) } as unknown as EntityManager;
        const result = await work(new TenantTx(manager, actor));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  } as unknown as Db;
  return new SpendLedgerService(db);
}

/** POST /v1/spend with a fresh Idempotency-Key per request, 32 connections, against raw pg. */
export async function spendLine(ctx: BenchContext, base: string, seconds: number): Promise<BenchLine> {
  const ids = ctx.projectIds;
  const run = randomUUID().slice(0, 8);
  let n = 0;
  const api = await hammer(
    base,
    ctx.token,
    () => {
      const i = n++;
      return { method: 'POST', path: '/v1/spend', headers: { 'idempotency-key': `bench-${run}-${i}` }, body: JSON.stringify(entry(ids[i % ids.length], i, `api-${run}`)) };
    },
    { connections: 32, seconds, warmupSeconds: 3 },
  );

  const [{ token_id: tokenId }] = (await ctx.owner.query<{ token_id: string }>(`SELECT id AS token_id FROM api_tokens WHERE organisation_id = $1 ORDER BY created_at DESC LIMIT 1`, [ctx.organisationId])).rows;
  const pool = new Pool({ connectionString: ctx.appUrl, max: ctx.config.databasePoolSize, application_name: 'bench-raw-spend' });
  pool.on('error', () => undefined);
  try {
    const ledger = rawLedger(pool);
    const actor: Actor = { organisationId: ctx.organisationId, tokenId, name: 'benchmark', scopes: ['admin'], requestId: null };
    let m = 0;
    const raw = await loop(
      async () => {
        const i = m++;
        await ledger.record(actor, `raw-${run}-${i}`, entry(ids[i % ids.length], i, `raw-${run}`));
      },
      { concurrency: 32, seconds, warmupSeconds: 3 },
    );
    const clean = api.non2xx === 0 && api.errors === 0;
    return {
      what: 'POST /v1/spend, full stack, 32 connections',
      figure: api.requestsPerSecond,
      unit: 'req/s',
      reference: raw.perSecond,
      referenceWhat: `raw pg, same statements, pool of ${ctx.config.databasePoolSize}`,
      ratio: api.requestsPerSecond / raw.perSecond,
      target: '>= 200 req/s, p99 < 300 ms',
      pass: clean && api.requestsPerSecond >= 200 && api.p99Ms < 300,
      notes: `p99 ${api.p99Ms.toFixed(0)} ms (raw ${raw.p99Ms.toFixed(0)} ms)${clean ? '' : `; statuses ${JSON.stringify(api.statusCodes)}, errors ${api.errors}`}`,
      details: { api, raw },
    };
  } finally {
    await pool.end();
  }
}
