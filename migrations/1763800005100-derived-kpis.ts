import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantApp, run } from './sql';

/** Cost-per-transaction KPIs derived from the ledger, and the `derived` measurement source. */
export class DerivedKpis1763800005100 implements MigrationInterface {
  name = 'DerivedKpis1763800005100';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "kpi_derivations" (
      "organisation_id" uuid NOT NULL,
      "kpi_id" uuid NOT NULL,
      "transactions_kpi_id" uuid NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_kpi_derivations" PRIMARY KEY ("organisation_id", "kpi_id"),
      CONSTRAINT "fk_kpi_derivations_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_kpi_derivations_kpi" FOREIGN KEY ("organisation_id", "kpi_id") REFERENCES "kpis"("organisation_id", "id"),
      CONSTRAINT "fk_kpi_derivations_transactions_kpi" FOREIGN KEY ("organisation_id", "transactions_kpi_id") REFERENCES "kpis"("organisation_id", "id"))`);
    await grantApp(q, 'kpi_derivations', 'read-write');
    await run(q, `ALTER TABLE "kpi_measurements" DROP CONSTRAINT "ck_kpi_measurements_source"`);
    await run(q, `ALTER TABLE "kpi_measurements" ADD CONSTRAINT "ck_kpi_measurements_source" CHECK ("source" IN ('manual', 'integration', 'import', 'derived'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DELETE FROM "kpi_measurements" WHERE "source" = 'derived'`);
    await run(q, `ALTER TABLE "kpi_measurements" DROP CONSTRAINT "ck_kpi_measurements_source"`);
    await run(q, `ALTER TABLE "kpi_measurements" ADD CONSTRAINT "ck_kpi_measurements_source" CHECK ("source" IN ('manual', 'integration', 'import'))`);
    await run(q, `DROP TABLE "kpi_derivations"`);
  }
}
