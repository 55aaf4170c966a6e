import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

const ROLES = ['kpi_tracker_app', 'kpi_tracker_worker'];

/**
 * The connection settings the processes rely on, kept by the database for its roles rather than
 * sent at connection start-up: PgBouncer drops start-up parameters it does not know, so behind a
 * pooler the pools would otherwise run with JIT on and no statement bound. The processes still
 * send them when they connect directly; both say the same.
 */
export class PoolerSafeSettings1763800009400 implements MigrationInterface {
  name = 'PoolerSafeSettings1763800009400';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `DO $$ DECLARE r text; BEGIN
      FOREACH r IN ARRAY ARRAY['${ROLES.join("','")}'] LOOP
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
          EXECUTE format('ALTER ROLE %I IN DATABASE %I SET jit = off', r, current_database());
          EXECUTE format('ALTER ROLE %I IN DATABASE %I SET statement_timeout = %L', r, current_database(), '60s');
          EXECUTE format('ALTER ROLE %I IN DATABASE %I SET idle_in_transaction_session_timeout = %L', r, current_database(), '60s');
        END IF;
      END LOOP;
    END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DO $$ DECLARE r text; BEGIN
      FOREACH r IN ARRAY ARRAY['${ROLES.join("','")}'] LOOP
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
          EXECUTE format('ALTER ROLE %I IN DATABASE %I RESET ALL', r, current_database());
        END IF;
      END LOOP;
    END $$`);
  }
}
