import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, WORKER_ROLE } from './1763800008000-row-level-security';
import { APP_ROLE, grantApp, run } from './sql';

/**
 * Anonymous benchmarks. Participation is tenant data (row-level security). Runs and figures hold
 * aggregates only, with no organisation id: the application role may only read them, and only the
 * worker's role, which computes them across organisations, writes them.
 */
export class Benchmarks1763800023200 implements MigrationInterface {
  name = 'Benchmarks1763800023200';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "benchmark_participants" (
      "organisation_id" uuid NOT NULL,
      "opted_in" boolean NOT NULL,
      "changed_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_benchmark_participants" PRIMARY KEY ("organisation_id"),
      CONSTRAINT "fk_benchmark_participants_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await grantApp(q, 'benchmark_participants', 'read-write');
    await enableTenantRls(q, 'benchmark_participants');

    await run(q, `CREATE TABLE "benchmark_runs" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "computed_at" timestamptz NOT NULL,
      "organisations" integer NOT NULL,
      "min_group" integer NOT NULL,
      CONSTRAINT "pk_benchmark_runs" PRIMARY KEY ("id"),
      CONSTRAINT "ck_benchmark_runs_min_group" CHECK ("min_group" >= 3))`);
    await run(q, `CREATE INDEX "idx_benchmark_runs_computed_at" ON "benchmark_runs" ("computed_at")`);

    await run(q, `CREATE TABLE "benchmark_figures" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "run_id" uuid NOT NULL,
      "metric" character varying(40) NOT NULL,
      "kind" character varying(40) NOT NULL,
      "contributors" integer NOT NULL,
      "lower_quartile" numeric(15,2) NOT NULL,
      "median" numeric(15,2) NOT NULL,
      "upper_quartile" numeric(15,2) NOT NULL,
      CONSTRAINT "pk_benchmark_figures" PRIMARY KEY ("id"),
      CONSTRAINT "uq_benchmark_figures_run_metric_kind" UNIQUE ("run_id", "metric", "kind"),
      CONSTRAINT "ck_benchmark_figures_contributors" CHECK ("contributors" >= 3),
      CONSTRAINT "fk_benchmark_figures_run" FOREIGN KEY ("run_id") REFERENCES "benchmark_runs"("id") ON DELETE CASCADE)`);
    for (const table of ['benchmark_runs', 'benchmark_figures']) {
      await run(q, `GRANT SELECT ON TABLE "${table}" TO ${APP_ROLE}`);
      await run(q, `GRANT SELECT, INSERT, DELETE ON TABLE "${table}" TO ${WORKER_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP TABLE "benchmark_figures"`);
    await run(q, `DROP TABLE "benchmark_runs"`);
    await run(q, `DROP TABLE "benchmark_participants"`);
  }
}
