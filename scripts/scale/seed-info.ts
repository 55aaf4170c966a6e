import { Client } from 'pg';
import type { ScaleOptions } from './plan';

export const SCALE_DEFAULTS = { organisations: 50, projects: 100_000, spendPerProject: 100, months: 36, seed: 42, database: 'kpi_tracker_scale' };

/** What seed:scale made, kept as the database's comment so the benchmark can read it back. */
export interface SeedInfo extends ScaleOptions {
  largestOrganisationId: string;
  largestOrganisationSlug: string;
  counts: Record<string, number>;
  loadSeconds: number;
}

/** The same server and role as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function writeSeedInfo(client: Client, database: string, info: SeedInfo): Promise<void> {
  const literal = JSON.stringify(info).replace(/'/g, "''");
  await client.query(`COMMENT ON DATABASE "${database}" IS '${literal}'`);
}

export async function readSeedInfo(client: Client): Promise<SeedInfo | null> {
  const { rows } = await client.query<{ comment: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()`);
  try {
    return rows[0]?.comment ? (JSON.parse(rows[0].comment) as SeedInfo) : null;
  } catch {
    return null;
  }
}
