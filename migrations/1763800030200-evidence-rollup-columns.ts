import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

const COUNTS = ['kpis_on_track', 'kpis_at_risk', 'kpis_no_data', 'kpis_not_measurable', 'kpis_stale', 'kpis_total', 'warning_flags', 'info_flags', 'acknowledged_flags', 'accepted_flags', 'acted_on_flags'];
const MONEY = ['budget', 'spent', 'forecast'];

/**
 * What a programme's roll-up takes from each of its projects (KPI counts by status, open flags by
 * kind, budget, spend and forecast) as columns of the project's read-model row. The roll-up parsed
 * every project row's JSON for them on every scan, a fifth of the next night's scan. Existing rows
 * are filled from their JSON; then the defaults go, so every writer must give the values.
 */
export class EvidenceRollupColumns1763800030200 implements MigrationInterface {
  name = 'EvidenceRollupColumns1763800030200';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "project_evidence" ${[...COUNTS.map((c) => `ADD COLUMN "${c}" integer NOT NULL DEFAULT 0`), ...MONEY.map((c) => `ADD COLUMN "${c}" numeric(17,2)`)].join(', ')}`);
    const kpi = (c: string) => `"kpis_${c}" = coalesce((d.doc->'kpis'->>'${c}')::int, 0)`;
    const flag = (c: string, key: string) => `"${c}_flags" = coalesce((d.doc->'openFlags'->>'${key}')::int, 0)`;
    await run(
      q,
      `UPDATE "project_evidence" e SET ${['on_track', 'at_risk', 'no_data', 'not_measurable', 'stale', 'total'].map(kpi).join(', ')},
         ${flag('warning', 'warning')}, ${flag('info', 'info')}, ${flag('acknowledged', 'acknowledged')}, ${flag('accepted', 'accepted')}, ${flag('acted_on', 'actedOn')},
         ${MONEY.map((c) => `"${c}" = (d.doc->'finance'->>'${c}')::numeric(17,2)`).join(', ')}
         FROM (SELECT organisation_id, project_id, doc::jsonb AS doc FROM "project_evidence") d
        WHERE d.organisation_id = e.organisation_id AND d.project_id = e.project_id`,
    );
    await run(q, `ALTER TABLE "project_evidence" ${COUNTS.map((c) => `ALTER COLUMN "${c}" DROP DEFAULT`).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "project_evidence" ${[...COUNTS, ...MONEY].map((c) => `DROP COLUMN "${c}"`).join(', ')}`);
  }
}
