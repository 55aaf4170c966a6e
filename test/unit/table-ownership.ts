import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { ACCOUNTABILITY_ENTITIES } from '@app/accountability';
import { BENCHMARKS_ENTITIES } from '@app/benchmarks';
import { CAPABILITY_ENTITIES } from '@app/capability';
import { DELIVERY_ENTITIES } from '@app/delivery';
import { ENGAGEMENT_ENTITIES } from '@app/engagement';
import { FINANCE_ENTITIES } from '@app/finance';
import { GOVERNANCE_ENTITIES } from '@app/governance';
import { INTEGRATIONS_ENTITIES } from '@app/integrations';
import { KPIS_ENTITIES } from '@app/kpis';
import { NOTIFICATIONS_ENTITIES } from '@app/notifications';
import { PORTFOLIO_ENTITIES } from '@app/portfolio';
import { REPORTING_ENTITIES } from '@app/reporting';
import { SCHEMA } from '@app/schema';

export const ROOT = join(__dirname, '../..');

/** Each lib's tables, from its entity list; platform owns the rest of the schema registry. */
export function tableOwners(): Map<string, string> {
  const lists: Record<string, Function[]> = {
    portfolio: PORTFOLIO_ENTITIES,
    kpis: KPIS_ENTITIES,
    finance: FINANCE_ENTITIES,
    engagement: ENGAGEMENT_ENTITIES,
    integrations: INTEGRATIONS_ENTITIES,
    governance: GOVERNANCE_ENTITIES,
    reporting: REPORTING_ENTITIES,
    accountability: ACCOUNTABILITY_ENTITIES,
    notifications: NOTIFICATIONS_ENTITIES,
    capability: CAPABILITY_ENTITIES,
    benchmarks: BENCHMARKS_ENTITIES,
    delivery: DELIVERY_ENTITIES,
  };
  const tableOf = (entity: Function): string => {
    const table = getMetadataArgsStorage().tables.find((t) => t.target === entity);
    if (!table?.name) throw new Error(`${entity.name} has no @Entity('table_name')`);
    return table.name;
  };
  const owners = new Map<string, string>();
  for (const [area, entities] of Object.entries(lists)) for (const entity of entities) owners.set(tableOf(entity), area);
  for (const entity of SCHEMA.entities as Function[]) if (!owners.has(tableOf(entity))) owners.set(tableOf(entity), 'platform');
  return owners;
}

export interface TableUse {
  table: string;
  write: boolean;
}

/** The known tables a piece of SQL names after FROM, JOIN, INTO, UPDATE, DELETE FROM, TRUNCATE or COPY. */
export function tablesNamed(source: string, tables: Iterable<string>): TableUse[] {
  const uses: TableUse[] = [];
  for (const table of tables) {
    const write = new RegExp(`\\b(insert\\s+into|update|delete\\s+from|truncate|copy)\\s+(only\\s+)?${table}\\b`, 'i').test(source);
    const read = new RegExp(`\\b(from|join)\\s+(only\\s+)?${table}\\b`, 'i').test(source);
    if (write || read) uses.push({ table, write });
  }
  return uses;
}

/** Every non-spec TypeScript file under libs/<area>/src, with its area. */
export function libSources(): { area: string; file: string; source: string }[] {
  const out: { area: string; file: string; source: string }[] = [];
  const walk = (dir: string, area: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, area);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) out.push({ area, file: relative(ROOT, path), source: readFileSync(path, 'utf8') });
    }
  };
  for (const area of readdirSync(join(ROOT, 'libs'))) walk(join(ROOT, 'libs', area, 'src'), area);
  return out;
}
