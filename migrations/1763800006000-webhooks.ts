import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantApp, makeAppendOnly, run } from './sql';

/** Webhook subscriptions, their deliveries and (append-only) delivery attempts. */
export class Webhooks1763800006000 implements MigrationInterface {
  name = 'Webhooks1763800006000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "webhooks" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "url" character varying(2048) NOT NULL,
      "events" text array NOT NULL,
      "description" character varying(500),
      "secret" bytea NOT NULL,
      "active" boolean NOT NULL DEFAULT true,
      "consecutive_failures" integer NOT NULL DEFAULT '0',
      "total_failures" integer NOT NULL DEFAULT '0',
      "disabled_reason" character varying(200),
      "last_success_at" timestamptz,
      "last_failure_at" timestamptz,
      "deleted_at" timestamptz,
      "version" integer NOT NULL DEFAULT '1',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_webhooks" PRIMARY KEY ("id"),
      CONSTRAINT "uq_webhooks_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "fk_webhooks_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE INDEX "idx_webhooks_organisation_id_active" ON "webhooks" ("organisation_id") WHERE "active" AND "deleted_at" IS NULL`);

    await run(q, `CREATE TABLE "webhook_deliveries" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "webhook_id" uuid NOT NULL,
      "event_id" uuid NOT NULL,
      "event_type" character varying(64) NOT NULL,
      "body" text NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'pending',
      "attempts" integer NOT NULL DEFAULT '0',
      "last_status_code" integer,
      "last_response_snippet" character varying(500),
      "last_error" character varying(500),
      "next_attempt_at" timestamptz,
      "delivered_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"),
      CONSTRAINT "uq_webhook_deliveries_webhook_id_event_id" UNIQUE ("webhook_id", "event_id"),
      CONSTRAINT "uq_webhook_deliveries_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('pending', 'succeeded', 'failed', 'dead')),
      CONSTRAINT "fk_webhook_deliveries_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_webhook_deliveries_webhook" FOREIGN KEY ("organisation_id", "webhook_id") REFERENCES "webhooks"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_webhook_deliveries_organisation_id_webhook_id_created_at" ON "webhook_deliveries" ("organisation_id", "webhook_id", "created_at")`);
    await run(q, `CREATE INDEX "idx_webhook_deliveries_organisation_id_event_id" ON "webhook_deliveries" ("organisation_id", "event_id")`);

    await run(q, `CREATE TABLE "webhook_attempts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "delivery_id" uuid NOT NULL,
      "attempt" integer NOT NULL,
      "started_at" timestamptz NOT NULL,
      "duration_ms" integer NOT NULL,
      "status_code" integer,
      "response_snippet" character varying(500),
      "error" character varying(500),
      "succeeded" boolean NOT NULL,
      CONSTRAINT "pk_webhook_attempts" PRIMARY KEY ("id"),
      CONSTRAINT "uq_webhook_attempts_organisation_id_delivery_id_attempt" UNIQUE ("organisation_id", "delivery_id", "attempt"),
      CONSTRAINT "fk_webhook_attempts_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_webhook_attempts_delivery" FOREIGN KEY ("organisation_id", "delivery_id") REFERENCES "webhook_deliveries"("organisation_id", "id"))`);

    for (const table of ['webhooks', 'webhook_deliveries']) await grantApp(q, table, 'read-write');
    await grantApp(q, 'webhook_attempts', 'append-only');
    await makeAppendOnly(q, 'webhook_attempts');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhooks']) await run(q, `DROP TABLE "${table}"`);
  }
}
