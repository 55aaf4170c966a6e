import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { APP_ROLE, grantApp, run } from './sql';

/**
 * Notifications: the email outbox (one row per event and person, unique), each person's choice per
 * kind, and the one-click unsubscribe tokens (hashes only). The unsubscribe link names no
 * organisation, so its lookup is one SECURITY DEFINER function, like the token lookup.
 */
export class Notifications1763800021100 implements MigrationInterface {
  name = 'Notifications1763800021100';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "notification_deliveries" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "kind" character varying(32) NOT NULL,
      "event_key" character varying(200) NOT NULL,
      "mode" character varying(16) NOT NULL,
      "subject" character varying(200) NOT NULL,
      "body" text NOT NULL,
      "link" character varying(500) NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'pending',
      "attempts" integer NOT NULL DEFAULT '0',
      "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
      "last_error" text,
      "digest_id" uuid,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "sent_at" timestamptz,
      CONSTRAINT "pk_notification_deliveries" PRIMARY KEY ("id"),
      CONSTRAINT "uq_notification_deliveries_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_notification_deliveries_event_person" UNIQUE ("organisation_id", "event_key", "person_id"),
      CONSTRAINT "ck_notification_deliveries_status" CHECK ("status" IN ('pending', 'sending', 'sent', 'digested', 'skipped', 'failed')),
      CONSTRAINT "ck_notification_deliveries_mode" CHECK ("mode" IN ('immediate', 'digest')),
      CONSTRAINT "fk_notification_deliveries_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_notification_deliveries_person" FOREIGN KEY ("organisation_id", "person_id") REFERENCES "people"("organisation_id", "id") ON DELETE CASCADE)`);
    await run(q, `CREATE INDEX "idx_notification_deliveries_due" ON "notification_deliveries" ("next_attempt_at") WHERE "status" IN ('pending', 'sending')`);
    await run(q, `CREATE INDEX "idx_notification_deliveries_digest" ON "notification_deliveries" ("organisation_id", "person_id") WHERE "status" = 'pending' AND "mode" = 'digest'`);

    await run(q, `CREATE TABLE "notification_preferences" (
      "organisation_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "kind" character varying(32) NOT NULL,
      "mode" character varying(16) NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_notification_preferences" PRIMARY KEY ("organisation_id", "person_id", "kind"),
      CONSTRAINT "ck_notification_preferences_mode" CHECK ("mode" IN ('immediate', 'digest', 'off')),
      CONSTRAINT "fk_notification_preferences_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_notification_preferences_person" FOREIGN KEY ("organisation_id", "person_id") REFERENCES "people"("organisation_id", "id") ON DELETE CASCADE)`);

    await run(q, `CREATE TABLE "notification_unsubscribe_tokens" (
      "token_hash" bytea NOT NULL,
      "organisation_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "kind" character varying(32) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_notification_unsubscribe_tokens" PRIMARY KEY ("token_hash"),
      CONSTRAINT "fk_notification_unsubscribe_tokens_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_notification_unsubscribe_tokens_person" FOREIGN KEY ("organisation_id", "person_id") REFERENCES "people"("organisation_id", "id") ON DELETE CASCADE)`);

    for (const table of ['notification_deliveries', 'notification_preferences']) {
      await grantApp(q, table, 'read-write');
      await enableTenantRls(q, table);
    }
    await grantApp(q, 'notification_unsubscribe_tokens', 'append-only');
    await enableTenantRls(q, 'notification_unsubscribe_tokens');

    await run(q, `CREATE FUNCTION notification_find_unsubscribe(p_token_hash bytea)
      RETURNS TABLE (organisation_id uuid, person_id uuid, kind varchar)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT t.organisation_id, t.person_id, t.kind FROM notification_unsubscribe_tokens t WHERE t.token_hash = p_token_hash
      $$`);
    await run(q, `REVOKE ALL ON FUNCTION notification_find_unsubscribe(bytea) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION notification_find_unsubscribe(bytea) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP FUNCTION notification_find_unsubscribe(bytea)`);
    for (const table of ['notification_unsubscribe_tokens', 'notification_preferences', 'notification_deliveries']) await run(q, `DROP TABLE "${table}"`);
  }
}
