import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { grantApp, run } from './sql';

/**
 * The latest measurement of each KPI, kept by statement-level triggers on kpi_measurements so every
 * write path (the API, integrations, derived KPIs) keeps it without being told. Scans and the
 * portfolio read it instead of probing the measurement index once per KPI (550,000 probes, 3.8 s
 * of a full scan). Readers still probe the index for a KPI whose latest is after their as-of date.
 * Backfilled set-based from the existing measurements.
 */
const TRACK = `
  INSERT INTO kpi_latest_measurements AS l (organisation_id, kpi_id, measured_on, value)
  SELECT DISTINCT ON (organisation_id, kpi_id) organisation_id, kpi_id, measured_on, value
    FROM written ORDER BY organisation_id, kpi_id, measured_on DESC
  ON CONFLICT (organisation_id, kpi_id) DO UPDATE SET measured_on = EXCLUDED.measured_on, value = EXCLUDED.value
   WHERE EXCLUDED.measured_on >= l.measured_on AND (l.measured_on, l.value) IS DISTINCT FROM (EXCLUDED.measured_on, EXCLUDED.value)`;

export class KpiLatestMeasurements1763800009100 implements MigrationInterface {
  name = 'KpiLatestMeasurements1763800009100';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "kpi_latest_measurements" (
      "organisation_id" uuid NOT NULL,
      "kpi_id" uuid NOT NULL,
      "measured_on" date NOT NULL,
      "value" numeric NOT NULL,
      CONSTRAINT "pk_kpi_latest_measurements" PRIMARY KEY ("organisation_id", "kpi_id"),
      CONSTRAINT "fk_kpi_latest_measurements_kpi" FOREIGN KEY ("organisation_id", "kpi_id") REFERENCES "kpis"("organisation_id", "id"))`);
    await grantApp(q, 'kpi_latest_measurements', 'read-write');
    await enableTenantRls(q, 'kpi_latest_measurements');

    await run(q, `CREATE FUNCTION kpi_latest_track() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${TRACK}; RETURN NULL; END $$`);
    // An update may move the latest back in time and a delete may remove it: those KPIs are
    // recomputed from what remains (one index probe each).
    for (const [fn, kpis] of [
      ['kpi_latest_recompute_updated', 'SELECT organisation_id, kpi_id FROM removed UNION SELECT organisation_id, kpi_id FROM written'],
      ['kpi_latest_recompute_deleted', 'SELECT DISTINCT organisation_id, kpi_id FROM removed'],
    ])
      await run(q, `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        DELETE FROM kpi_latest_measurements l USING (${kpis}) r WHERE l.organisation_id = r.organisation_id AND l.kpi_id = r.kpi_id;
        INSERT INTO kpi_latest_measurements (organisation_id, kpi_id, measured_on, value)
        SELECT r.organisation_id, r.kpi_id, m.measured_on, m.value FROM (${kpis}) r
          CROSS JOIN LATERAL (SELECT measured_on, value FROM kpi_measurements
                               WHERE organisation_id = r.organisation_id AND kpi_id = r.kpi_id ORDER BY measured_on DESC LIMIT 1) m;
        RETURN NULL; END $$`);
    await run(q, `CREATE TRIGGER "trg_kpi_measurements_latest_insert" AFTER INSERT ON "kpi_measurements" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION kpi_latest_track()`);
    await run(q, `CREATE TRIGGER "trg_kpi_measurements_latest_update" AFTER UPDATE ON "kpi_measurements" REFERENCING OLD TABLE AS removed NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION kpi_latest_recompute_updated()`);
    await run(q, `CREATE TRIGGER "trg_kpi_measurements_latest_delete" AFTER DELETE ON "kpi_measurements" REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION kpi_latest_recompute_deleted()`);

    await run(q, `INSERT INTO kpi_latest_measurements (organisation_id, kpi_id, measured_on, value)
      SELECT DISTINCT ON (organisation_id, kpi_id) organisation_id, kpi_id, measured_on, value
        FROM kpi_measurements ORDER BY organisation_id, kpi_id, measured_on DESC`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) await run(q, `DROP TRIGGER "trg_kpi_measurements_latest_${op}" ON "kpi_measurements"`);
    for (const fn of ['kpi_latest_track', 'kpi_latest_recompute_updated', 'kpi_latest_recompute_deleted']) await run(q, `DROP FUNCTION ${fn}()`);
    await run(q, `DROP TABLE "kpi_latest_measurements"`);
  }
}
