import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, grantApp, makeAppendOnly, run } from './sql';

/** Organisations, tokens, audit, outbox, idempotency keys, worker heartbeats, and the app role. */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} LOGIN; END IF;
    END $$`);
    await run(q, `GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await run(q, `GRANT SELECT ON TABLE "schema_migrations" TO ${APP_ROLE}`);
    await run(q, `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
    await run(q, `CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);

    await run(q, `CREATE TABLE "organisations" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" character varying(200) NOT NULL,
      "slug" character varying(64) NOT NULL,
      "financial_year_start_month" smallint NOT NULL DEFAULT '4',
      "settings" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "version" integer NOT NULL DEFAULT '1',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_organisations" PRIMARY KEY ("id"),
      CONSTRAINT "uq_organisations_slug" UNIQUE ("slug"),
      CONSTRAINT "ck_organisations_fy_start_month" CHECK ("financial_year_start_month" BETWEEN 1 AND 12))`);

    await run(q, `CREATE TABLE "api_tokens" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "name" character varying(100) NOT NULL,
      "scopes" text array NOT NULL,
      "lookup_id" character varying(32) NOT NULL,
      "secret_hash" bytea NOT NULL,
      "expires_at" timestamptz,
      "last_used_at" timestamptz,
      "revoked_at" timestamptz,
      "created_by_token_id" uuid,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_api_tokens" PRIMARY KEY ("id"),
      CONSTRAINT "uq_api_tokens_lookup_id" UNIQUE ("lookup_id"),
      CONSTRAINT "uq_api_tokens_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "fk_api_tokens_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE INDEX "idx_api_tokens_organisation_id_created_at" ON "api_tokens" ("organisation_id", "created_at")`);

    await run(q, `CREATE TABLE "audit_events" (
      "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "actor_token_id" uuid,
      "actor_name" character varying(100) NOT NULL,
      "action" character varying(64) NOT NULL,
      "entity_type" character varying(64) NOT NULL,
      "entity_id" uuid,
      "before" jsonb,
      "after" jsonb,
      "request_id" character varying(128),
      "occurred_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_audit_events" PRIMARY KEY ("seq"),
      CONSTRAINT "fk_audit_events_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE INDEX "idx_audit_events_organisation_id_seq" ON "audit_events" ("organisation_id", "seq")`);
    await run(q, `CREATE INDEX "idx_audit_events_organisation_id_entity" ON "audit_events" ("organisation_id", "entity_type", "entity_id", "seq")`);

    await run(q, `CREATE TABLE "outbox_events" (
      "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid,
      "queue" character varying(64) NOT NULL,
      "job_name" character varying(64) NOT NULL,
      "payload" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "dispatched_at" timestamptz,
      "attempts" integer NOT NULL DEFAULT '0',
      "last_error" text,
      CONSTRAINT "pk_outbox_events" PRIMARY KEY ("seq"),
      CONSTRAINT "fk_outbox_events_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE INDEX "idx_outbox_events_pending" ON "outbox_events" ("seq") WHERE "dispatched_at" IS NULL`);

    await run(q, `CREATE TABLE "idempotency_keys" (
      "organisation_id" uuid NOT NULL,
      "token_id" uuid NOT NULL,
      "key" character varying(255) NOT NULL,
      "route" character varying(200) NOT NULL,
      "request_hash" bytea NOT NULL,
      "response_status" smallint NOT NULL,
      "response_body" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("organisation_id", "token_id", "key"),
      CONSTRAINT "fk_idempotency_keys_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE INDEX "idx_idempotency_keys_created_at" ON "idempotency_keys" ("created_at")`);

    await run(q, `CREATE TABLE "worker_heartbeats" (
      "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "job_id" character varying(200) NOT NULL,
      "worker_id" character varying(100) NOT NULL,
      "scheduled_for" timestamptz NOT NULL,
      "ran_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_worker_heartbeats" PRIMARY KEY ("seq"))`);
    await run(q, `CREATE INDEX "idx_worker_heartbeats_ran_at" ON "worker_heartbeats" ("ran_at")`);

    for (const table of ['organisations', 'api_tokens', 'outbox_events', 'idempotency_keys', 'worker_heartbeats']) await grantApp(q, table, 'read-write');
    await grantApp(q, 'audit_events', 'append-only');
    await makeAppendOnly(q, 'audit_events');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['worker_heartbeats', 'idempotency_keys', 'outbox_events', 'audit_events', 'api_tokens', 'organisations']) await run(q, `DROP TABLE "${table}"`);
    await run(q, `DROP FUNCTION forbid_change()`);
  }
}
