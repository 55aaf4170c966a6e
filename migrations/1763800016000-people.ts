import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { APP_ROLE, grantApp, run } from './sql';

/**
 * People and their sign-in: people with organisation roles, each organisation's OpenID Connect
 * provider, board sessions that belong to a person, and tokens that may belong to one. The doors
 * used before the organisation is known (token, session, provider look-ups) learn about people.
 */
export class People1763800016000 implements MigrationInterface {
  name = 'People1763800016000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "people" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "email" character varying(254) NOT NULL,
      "name" character varying(200) NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'invited',
      "roles" text array NOT NULL DEFAULT '{viewer}',
      "subject" character varying(255),
      "last_sign_in_at" timestamptz,
      "deactivated_at" timestamptz,
      "version" integer NOT NULL DEFAULT 1,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_people" PRIMARY KEY ("id"),
      CONSTRAINT "uq_people_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_people_organisation_id_email" UNIQUE ("organisation_id", "email"),
      CONSTRAINT "uq_people_organisation_id_subject" UNIQUE ("organisation_id", "subject"),
      CONSTRAINT "ck_people_status" CHECK ("status" IN ('invited', 'active', 'deactivated')),
      CONSTRAINT "ck_people_roles" CHECK ("roles" <@ ARRAY['admin', 'pmo', 'finance', 'viewer']::text[]),
      CONSTRAINT "ck_people_email" CHECK ("email" = lower("email")),
      CONSTRAINT "fk_people_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await grantApp(q, 'people', 'read-write');
    await enableTenantRls(q, 'people');

    await run(q, `CREATE TABLE "organisation_identity_providers" (
      "organisation_id" uuid NOT NULL,
      "issuer" character varying(500) NOT NULL,
      "client_id" character varying(255) NOT NULL,
      "client_secret_encrypted" bytea NOT NULL,
      "allowed_domains" text array NOT NULL DEFAULT '{}',
      "version" integer NOT NULL DEFAULT 1,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_organisation_identity_providers" PRIMARY KEY ("organisation_id"),
      CONSTRAINT "fk_organisation_identity_providers_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await grantApp(q, 'organisation_identity_providers', 'read-write');
    await enableTenantRls(q, 'organisation_identity_providers');

    await run(q, `ALTER TABLE "api_tokens" ADD "person_id" uuid`);
    await run(q, `ALTER TABLE "api_tokens" ADD CONSTRAINT "fk_api_tokens_person" FOREIGN KEY ("organisation_id", "person_id") REFERENCES "people"("organisation_id", "id")`);
    await run(q, `CREATE INDEX "idx_api_tokens_organisation_id_person_id" ON "api_tokens" ("organisation_id", "person_id")`);

    await run(q, `ALTER TABLE "board_sessions" ALTER COLUMN "token_id" DROP NOT NULL`);
    await run(q, `ALTER TABLE "board_sessions" ADD "person_id" uuid`);
    await run(q, `ALTER TABLE "board_sessions" ADD CONSTRAINT "fk_board_sessions_person" FOREIGN KEY ("organisation_id", "person_id") REFERENCES "people"("organisation_id", "id") ON DELETE CASCADE`);
    await run(q, `ALTER TABLE "board_sessions" ADD CONSTRAINT "ck_board_sessions_owner" CHECK (("token_id" IS NULL) <> ("person_id" IS NULL))`);

    // Token look-up: the owner's status and roles come with the row, so a deactivated person's tokens stop at once.
    await run(q, `DROP FUNCTION auth_find_token(text)`);
    await run(q, `CREATE FUNCTION auth_find_token(p_lookup_id text)
      RETURNS TABLE (id uuid, organisation_id uuid, name varchar, scopes text[], secret_hash bytea, expired boolean, revoked boolean, stale_use boolean, rate_limit jsonb,
                     person_id uuid, person_name varchar, person_active boolean, person_roles text[])
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT t.id, t.organisation_id, t.name, t.scopes, t.secret_hash,
               (t.expires_at IS NOT NULL AND t.expires_at <= now()),
               t.revoked_at IS NOT NULL,
               (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'),
               o.settings -> 'rateLimit',
               p.id, p.name, p.status <> 'deactivated', p.roles
          FROM api_tokens t JOIN organisations o ON o.id = t.organisation_id
          LEFT JOIN people p ON p.organisation_id = t.organisation_id AND p.id = t.person_id
         WHERE t.lookup_id = p_lookup_id
      $$`);
    await run(q, `REVOKE ALL ON FUNCTION auth_find_token(text) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION auth_find_token(text) TO ${APP_ROLE}`);

    // Session look-up: a person's session is valid while the person is active; a token's while the token is.
    await run(q, `DROP FUNCTION auth_find_board_session(bytea, integer)`);
    await run(q, `CREATE FUNCTION auth_find_board_session(p_secret_hash bytea, p_idle_minutes integer)
      RETURNS TABLE (id uuid, organisation_id uuid, token_id uuid, person_id uuid, csrf_secret varchar, name varchar, scopes text[], roles text[], valid boolean, seen_stale boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT s.id, s.organisation_id, s.token_id, s.person_id, s.csrf_secret, coalesce(p.name, t.name), t.scopes, p.roles,
               (s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => p_idle_minutes)
                 AND CASE WHEN s.person_id IS NOT NULL THEN p.status = 'active'
                          ELSE t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) END),
               s.last_seen_at < now() - interval '1 minute'
          FROM board_sessions s
          LEFT JOIN api_tokens t ON t.organisation_id = s.organisation_id AND t.id = s.token_id
          LEFT JOIN people p ON p.organisation_id = s.organisation_id AND p.id = s.person_id
         WHERE s.secret_hash = p_secret_hash
      $$`);
    await run(q, `REVOKE ALL ON FUNCTION auth_find_board_session(bytea, integer) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION auth_find_board_session(bytea, integer) TO ${APP_ROLE}`);

    // Sign-in starts before the organisation is known: its slug (or a person's email domain) finds its provider.
    await run(q, `CREATE FUNCTION auth_find_identity_provider(p_slug text, p_domain text)
      RETURNS TABLE (organisation_id uuid, organisation_name varchar, slug varchar, issuer varchar, client_id varchar, client_secret_encrypted bytea, allowed_domains text[], version integer)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT o.id, o.name, o.slug, i.issuer, i.client_id, i.client_secret_encrypted, i.allowed_domains, i.version
          FROM organisation_identity_providers i JOIN organisations o ON o.id = i.organisation_id
         WHERE (p_slug IS NOT NULL AND o.slug = p_slug) OR (p_slug IS NULL AND p_domain = ANY (i.allowed_domains))
         ORDER BY o.slug LIMIT 2
      $$`);
    await run(q, `REVOKE ALL ON FUNCTION auth_find_identity_provider(text, text) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION auth_find_identity_provider(text, text) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP FUNCTION auth_find_identity_provider(text, text)`);
    await run(q, `DELETE FROM "board_sessions" WHERE "person_id" IS NOT NULL`);
    await run(q, `DROP FUNCTION auth_find_board_session(bytea, integer)`);
    await run(q, `CREATE FUNCTION auth_find_board_session(p_secret_hash bytea, p_idle_minutes integer)
      RETURNS TABLE (id uuid, organisation_id uuid, token_id uuid, csrf_secret varchar, name varchar, scopes text[], valid boolean, seen_stale boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT s.id, s.organisation_id, s.token_id, s.csrf_secret, t.name, t.scopes,
               (s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => p_idle_minutes)
                 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())),
               s.last_seen_at < now() - interval '1 minute'
          FROM board_sessions s JOIN api_tokens t ON t.organisation_id = s.organisation_id AND t.id = s.token_id
         WHERE s.secret_hash = p_secret_hash
      $$`);
    await run(q, `REVOKE ALL ON FUNCTION auth_find_board_session(bytea, integer) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION auth_find_board_session(bytea, integer) TO ${APP_ROLE}`);
    await run(q, `DROP FUNCTION auth_find_token(text)`);
    await run(q, `CREATE FUNCTION auth_find_token(p_lookup_id text)
      RETURNS TABLE (id uuid, organisation_id uuid, name varchar, scopes text[], secret_hash bytea, expired boolean, revoked boolean, stale_use boolean, rate_limit jsonb)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT t.id, t.organisation_id, t.name, t.scopes, t.secret_hash,
               (t.expires_at IS NOT NULL AND t.expires_at <= now()),
               t.revoked_at IS NOT NULL,
               (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'),
               o.settings -> 'rateLimit'
          FROM api_tokens t JOIN organisations o ON o.id = t.organisation_id
         WHERE t.lookup_id = p_lookup_id
      $$`);
    await run(q, `REVOKE ALL ON FUNCTION auth_find_token(text) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION auth_find_token(text) TO ${APP_ROLE}`);
    await run(q, `ALTER TABLE "board_sessions" DROP CONSTRAINT "ck_board_sessions_owner"`);
    await run(q, `ALTER TABLE "board_sessions" DROP CONSTRAINT "fk_board_sessions_person"`);
    await run(q, `ALTER TABLE "board_sessions" DROP COLUMN "person_id"`);
    await run(q, `ALTER TABLE "board_sessions" ALTER COLUMN "token_id" SET NOT NULL`);
    await run(q, `DROP INDEX "idx_api_tokens_organisation_id_person_id"`);
    await run(q, `ALTER TABLE "api_tokens" DROP CONSTRAINT "fk_api_tokens_person"`);
    await run(q, `ALTER TABLE "api_tokens" DROP COLUMN "person_id"`);
    await run(q, `DROP TABLE "organisation_identity_providers"`);
    await run(q, `DROP TABLE "people"`);
  }
}
