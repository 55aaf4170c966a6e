import { Client } from 'pg';

export interface RlsCost {
  rows: number;
  withRlsMs: number;
  withoutRlsMs: number;
  ratio: number;
}

/**
 * The cost of row-level security on a tenant read: the same keyed query, run `iterations` times in a
 * tenant transaction as the application role (policies apply) and as the worker's role (BYPASSRLS),
 * against the same database. Both bind the organisation, so the difference is the policy alone.
 * The performance engineer's `npm run bench` calls this with its own URLs.
 */
export async function measureRlsCost(input: { appUrl: string; workerUrl: string; organisationId: string; iterations?: number }): Promise<RlsCost> {
  const iterations = input.iterations ?? 2000;
  const time = async (url: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      let rows = 0;
      const run = async () => {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.organisation_id', $1, true)`, [input.organisationId]);
        const r = await client.query(`SELECT p.id, count(k.id) AS kpis FROM projects p LEFT JOIN kpis k ON k.organisation_id = p.organisation_id AND k.project_id = p.id WHERE p.organisation_id = $1 GROUP BY p.id ORDER BY p.id LIMIT 50`, [input.organisationId]);
        await client.query('COMMIT');
        rows = r.rowCount ?? 0;
      };
      for (let i = 0; i < Math.min(100, iterations); i++) await run();
      const started = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) await run();
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows };
    } finally {
      await client.end();
    }
  };
  const without = await time(input.workerUrl);
  const withRls = await time(input.appUrl);
  return { rows: withRls.rows, withRlsMs: withRls.ms, withoutRlsMs: without.ms, ratio: withRls.ms / without.ms };
}
