import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, WORKER_ROLE } from './1763800008000-row-level-security';
import { CURRENT_ORGANISATION, HIDDEN_PROJECTS, grantApp, hideRestrictedProjects, makeAppendOnly, run } from './sql';

/** The ledger's indexes, created on the partitioned table (each partition gets its own copy). */
const INDEXES = [
  `ALTER TABLE "spend_entries" ADD CONSTRAINT "pk_spend_entries" PRIMARY KEY ("id", "financial_year")`,
  `CREATE UNIQUE INDEX "uq_spend_entries_organisation_id_reverses_id" ON "spend_entries" ("organisation_id", "reverses_id", "financial_year") WHERE "reverses_id" IS NOT NULL`,
  `CREATE INDEX "idx_spend_entries_organisation_id_external_id" ON "spend_entries" ("organisation_id", "external_id") WHERE "external_id" IS NOT NULL`,
  `CREATE INDEX "idx_spend_entries_organisation_id_spent_on" ON "spend_entries" ("organisation_id", "spent_on", "id")`,
  `CREATE INDEX "idx_spend_entries_organisation_id_project_id_spent_on" ON "spend_entries" ("organisation_id", "project_id", "spent_on")`,
  `CREATE INDEX "idx_spend_entries_outside_expertise" ON "spend_entries" ("organisation_id", "project_id", "spent_on") INCLUDE ("cost_type", "amount")
     WHERE "cost_type" IN ('staff', 'contractors', 'consultancy')`,
  `CREATE INDEX "idx_spend_entries_organisation_id_import_id" ON "spend_entries" ("organisation_id", "import_id") WHERE "import_id" IS NOT NULL`,
  `CREATE INDEX "idx_spend_entries_organisation_id_project_id_order_number" ON "spend_entries" ("organisation_id", "project_id", "order_number") WHERE "order_number" IS NOT NULL`,
  `CREATE INDEX "idx_spend_entries_organisation_id_supplier_id" ON "spend_entries" ("organisation_id", "supplier_id") WHERE "supplier_id" IS NOT NULL`,
];

/** The referenced projects, counted and locked: the inserted rows read twice, the second time for an IN list. */
const PROJECTS_TWICE = `SELECT count(*) INTO wanted FROM (SELECT DISTINCT organisation_id, project_id FROM inserted) r;
        SELECT count(*) INTO found FROM (
          SELECT 1 FROM projects p WHERE (p.organisation_id, p.id) IN (SELECT organisation_id, project_id FROM inserted) FOR KEY SHARE OF p) locked;`;

/** The same, the inserted rows read once: their distinct projects are kept and joined (a tenth of the time on a million rows). */
const PROJECTS_ONCE = `WITH referenced AS MATERIALIZED (SELECT DISTINCT organisation_id, project_id FROM inserted),
             locked AS (SELECT 1 FROM projects p JOIN referenced r ON p.organisation_id = r.organisation_id AND p.id = r.project_id FOR KEY SHARE OF p)
        SELECT (SELECT count(*) FROM referenced), (SELECT count(*) FROM locked) INTO wanted, found;`;

/**
 * The references trigger's function: the checks of migration 1763800003100 and, partitioned, a
 * reversal in its original's year and every external id claimed in spend_external_ids; with
 * projectsOnce, the referenced projects are found in one pass over the inserted rows.
 */
export function referencesFunction(partitioned: boolean, projectsOnce = false): string {
  const sameYear = partitioned ? ' AND e.financial_year = i.financial_year' : '';
  const claimed = partitioned
    ? `IF EXISTS (SELECT 1 FROM inserted i WHERE i.external_id IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM spend_external_ids g WHERE g.organisation_id = i.organisation_id AND g.external_id = i.external_id AND g.entry_id = i.id)) THEN
          RAISE EXCEPTION 'spend_entries: an external id is already used in its organisation, or was not claimed in spend_external_ids'
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'pk_spend_external_ids';
        END IF;`
    : '';
  return `CREATE OR REPLACE FUNCTION spend_entries_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE wanted bigint; found bigint;
      BEGIN
        ${projectsOnce ? PROJECTS_ONCE : PROJECTS_TWICE}
        IF found <> wanted THEN
          RAISE EXCEPTION 'spend_entries: a row references a project that does not exist in its organisation'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_spend_entries_project';
        END IF;
        IF EXISTS (SELECT 1 FROM inserted i WHERE i.reverses_id IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM spend_entries e WHERE e.organisation_id = i.organisation_id AND e.id = i.reverses_id${sameYear})) THEN
          RAISE EXCEPTION 'spend_entries: a reversal references an entry that does not exist in its organisation${partitioned ? ' and financial year' : ''}'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_spend_entries_reverses';
        END IF;
        IF EXISTS (SELECT 1 FROM (SELECT DISTINCT organisation_id, import_id FROM inserted WHERE import_id IS NOT NULL) r
                     WHERE NOT EXISTS (SELECT 1 FROM spend_imports s WHERE s.organisation_id = r.organisation_id AND s.id = r.import_id)) THEN
          RAISE EXCEPTION 'spend_entries: a row references an import that does not exist in its organisation'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_spend_entries_import';
        END IF;
        ${claimed}
        RETURN NULL;
      END $$`;
}

/**
 * The ledger partitioned by financial year (declarative range partitions on `financial_year`), so a
 * year's lines sit together, old years can be archived or moved to cheaper storage on their own,
 * and reads of a year touch only that year.
 *
 * - A unique index on a partitioned table must hold the partition key, so the primary key is
 *   (id, financial_year). Ids are UUIDv7 (time-ordered: new rows land at the right edge of the
 *   index), made by the application or by `uuid_v7()`.
 * - External ids stay unique per organisation across every year through `spend_external_ids`, a
 *   guard table each write claims first (ON CONFLICT there, not on the ledger); the references
 *   trigger refuses a ledger row with an external id it has not claimed.
 * - A reversal is filed in the year of the entry it reverses (the trigger checks it), so "reversed
 *   at most once" is still a unique index.
 * - Partitions: one for everything before 2020-21, then one a year; the migration makes them up to
 *   two years ahead and the worker's daily job keeps two years ahead (`create_spend_partitions`, a
 *   SECURITY DEFINER function owned by the schema owner). Each partition carries the same row-level
 *   policies and truncate guard as the ledger, so reading one directly shows no more.
 * - Existing rows are moved in one INSERT … SELECT, before any index exists (one sort per index).
 */
export class SpendPartitions1763800030000 implements MigrationInterface {
  name = 'SpendPartitions1763800030000';

  async up(q: QueryRunner): Promise<void> {
    // UUIDv7 in SQL for rows written without an id (an import's undo): 48 bits of Unix milliseconds,
    // then the version and variant bits over a random UUID's.
    await run(q, `CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
      SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
    $$`);

    await run(q, `ALTER TABLE "spend_entries" RENAME TO "spend_entries_unpartitioned"`);
    await run(q, `CREATE TABLE "spend_entries" (LIKE "spend_entries_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("financial_year")`);
    await run(q, `ALTER TABLE "spend_entries" ALTER COLUMN "id" SET DEFAULT uuid_v7()`);

    await run(q, `CREATE FUNCTION secure_spend_partition(partition_name text) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format($f$ALTER TABLE %I ENABLE ROW LEVEL SECURITY$f$, partition_name);
        EXECUTE format($f$ALTER TABLE %I FORCE ROW LEVEL SECURITY$f$, partition_name);
        EXECUTE format($f$CREATE POLICY "tenant_isolation" ON %I USING ("organisation_id" = ${CURRENT_ORGANISATION}) WITH CHECK ("organisation_id" = ${CURRENT_ORGANISATION})$f$, partition_name);
        EXECUTE format($f$CREATE POLICY "restricted_programmes" ON %I AS RESTRICTIVE USING ("project_id" IS NULL OR "project_id" <> ALL (${HIDDEN_PROJECTS})) WITH CHECK ("project_id" IS NULL OR "project_id" <> ALL (${HIDDEN_PROJECTS}))$f$, partition_name);
        EXECUTE format($f$CREATE TRIGGER "trg_spend_entries_no_truncate" BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()$f$, partition_name);
      END $$`);
    await run(q, `CREATE FUNCTION create_spend_partitions(through_year integer) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        made integer := 0;
        partition_name text;
        label text;
      BEGIN
        IF through_year > extract(year FROM current_date)::int + 10 THEN
          RAISE EXCEPTION 'create_spend_partitions: % is more than ten years ahead', through_year USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF to_regclass('public.spend_entries_before_2020') IS NULL THEN
          CREATE TABLE "spend_entries_before_2020" PARTITION OF "spend_entries" FOR VALUES FROM (MINVALUE) TO ('2020-21');
          PERFORM secure_spend_partition('spend_entries_before_2020');
          made := made + 1;
        END IF;
        FOR y IN 2020..through_year LOOP
          label := y || '-' || lpad(((y + 1) % 100)::text, 2, '0');
          partition_name := 'spend_entries_' || replace(label, '-', '_');
          CONTINUE WHEN to_regclass('public.' || partition_name) IS NOT NULL;
          EXECUTE format('CREATE TABLE %I PARTITION OF "spend_entries" FOR VALUES FROM (%L) TO (%L)', partition_name, label, (y + 1) || '-' || lpad(((y + 2) % 100)::text, 2, '0'));
          PERFORM secure_spend_partition(partition_name);
          made := made + 1;
        END LOOP;
        RETURN made;
      END $$`);
    await run(q, `REVOKE ALL ON FUNCTION create_spend_partitions(integer) FROM PUBLIC`);
    await run(q, `REVOKE ALL ON FUNCTION secure_spend_partition(text) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION create_spend_partitions(integer) TO ${WORKER_ROLE}`);
    // Two years past this one, and past any year already in the ledger.
    await run(
      q,
      `SELECT create_spend_partitions(greatest(extract(year FROM current_date - interval '3 months')::int + 2,
                                              (SELECT max(left(financial_year, 4)::int) FROM "spend_entries_unpartitioned")))`,
    );

    await run(q, `INSERT INTO "spend_entries" SELECT * FROM "spend_entries_unpartitioned"`);

    await run(q, `CREATE TABLE "spend_external_ids" (
      "organisation_id" uuid NOT NULL,
      "external_id" character varying(128) NOT NULL,
      "entry_id" uuid NOT NULL,
      "financial_year" character varying(7) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_spend_external_ids" PRIMARY KEY ("organisation_id", "external_id"))`);
    await run(q, `INSERT INTO "spend_external_ids" (organisation_id, external_id, entry_id, financial_year, created_at)
                  SELECT organisation_id, external_id, id, financial_year, created_at FROM "spend_entries_unpartitioned" WHERE external_id IS NOT NULL`);
    await enableTenantRls(q, 'spend_external_ids');
    await grantApp(q, 'spend_external_ids', 'append-only');
    await makeAppendOnly(q, 'spend_external_ids');

    await run(q, `DROP TABLE "spend_entries_unpartitioned"`);
    for (const sql of INDEXES) await run(q, sql);

    await enableTenantRls(q, 'spend_entries');
    await hideRestrictedProjects(q, 'spend_entries');
    await grantApp(q, 'spend_entries', 'append-only');
    await makeAppendOnly(q, 'spend_entries');
    await run(q, referencesFunction(true));
    await run(q, `CREATE TRIGGER "trg_spend_entries_references" AFTER INSERT ON "spend_entries" REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION spend_entries_check_references()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "spend_entries" RENAME TO "spend_entries_partitioned"`);
    await run(q, `CREATE TABLE "spend_entries" (LIKE "spend_entries_partitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await run(q, `ALTER TABLE "spend_entries" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()`);
    await run(q, `INSERT INTO "spend_entries" SELECT * FROM "spend_entries_partitioned"`);
    await run(q, `DROP TABLE "spend_entries_partitioned"`);
    await run(q, `DROP TABLE "spend_external_ids"`);
    await run(q, `DROP FUNCTION create_spend_partitions(integer)`);
    await run(q, `DROP FUNCTION secure_spend_partition(text)`);
    await run(q, `ALTER TABLE "spend_entries" ADD CONSTRAINT "pk_spend_entries" PRIMARY KEY ("id")`);
    await run(q, `ALTER TABLE "spend_entries" ADD CONSTRAINT "uq_spend_entries_organisation_id_id" UNIQUE ("organisation_id", "id")`);
    await run(q, `CREATE UNIQUE INDEX "uq_spend_entries_organisation_id_external_id" ON "spend_entries" ("organisation_id", "external_id") WHERE "external_id" IS NOT NULL`);
    await run(q, `CREATE UNIQUE INDEX "uq_spend_entries_organisation_id_reverses_id" ON "spend_entries" ("organisation_id", "reverses_id") WHERE "reverses_id" IS NOT NULL`);
    for (const sql of INDEXES.slice(3)) await run(q, sql);
    await enableTenantRls(q, 'spend_entries');
    await hideRestrictedProjects(q, 'spend_entries');
    await grantApp(q, 'spend_entries', 'append-only');
    await makeAppendOnly(q, 'spend_entries');
    await run(q, `CREATE TRIGGER "trg_spend_entries_references" AFTER INSERT ON "spend_entries" REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION spend_entries_check_references()`);
    await run(q, referencesFunction(false));
    await run(q, `DROP FUNCTION uuid_v7()`);
  }
}
