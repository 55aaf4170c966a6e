import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, run } from './sql';

const FIND_TOKEN = (extra: string, extraColumns: string) => `CREATE FUNCTION auth_find_token(p_lookup_id text)
      RETURNS TABLE (id uuid, organisation_id uuid, name varchar, scopes text[], secret_hash bytea, expired boolean, revoked boolean, stale_use boolean, rate_limit jsonb,
                     person_id uuid, person_name varchar, person_active boolean, person_roles text[]${extraColumns})
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT t.id, t.organisation_id, t.name, t.scopes, t.secret_hash,
               (t.expires_at IS NOT NULL AND t.expires_at <= now()),
               t.revoked_at IS NOT NULL,
               (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'),
               o.settings -> 'rateLimit',
               p.id, p.name, p.status <> 'deactivated', p.roles${extra}
          FROM api_tokens t JOIN organisations o ON o.id = t.organisation_id
          LEFT JOIN people p ON p.organisation_id = t.organisation_id AND p.id = t.person_id
         WHERE t.lookup_id = p_lookup_id
      $$`;

/**
 * Integration tokens: a token may belong to a named integration that a person owns (accountable for
 * it), and may be limited to some programmes; it carries scopes as organisation tokens do.
 */
export class IntegrationTokens1763800016300 implements MigrationInterface {
  name = 'IntegrationTokens1763800016300';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "api_tokens" ADD "integration" character varying(100)`);
    await run(q, `ALTER TABLE "api_tokens" ADD "owner_person_id" uuid`);
    await run(q, `ALTER TABLE "api_tokens" ADD "programme_ids" uuid array`);
    await run(q, `ALTER TABLE "api_tokens" ADD CONSTRAINT "fk_api_tokens_owner_person" FOREIGN KEY ("organisation_id", "owner_person_id") REFERENCES "people"("organisation_id", "id")`);
    await run(q, `ALTER TABLE "api_tokens" ADD CONSTRAINT "ck_api_tokens_kind" CHECK (("integration" IS NULL) = ("owner_person_id" IS NULL) AND NOT ("integration" IS NOT NULL AND "person_id" IS NOT NULL) AND ("programme_ids" IS NULL OR "integration" IS NOT NULL))`);
    await run(q, `DROP FUNCTION auth_find_token(text)`);
    await run(q, FIND_TOKEN(', t.programme_ids', ', programme_ids uuid[]'));
    await run(q, `REVOKE ALL ON FUNCTION auth_find_token(text) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION auth_find_token(text) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP FUNCTION auth_find_token(text)`);
    await run(q, FIND_TOKEN('', ''));
    await run(q, `REVOKE ALL ON FUNCTION auth_find_token(text) FROM PUBLIC`);
    await run(q, `GRANT EXECUTE ON FUNCTION auth_find_token(text) TO ${APP_ROLE}`);
    await run(q, `ALTER TABLE "api_tokens" DROP CONSTRAINT "ck_api_tokens_kind"`);
    await run(q, `ALTER TABLE "api_tokens" DROP CONSTRAINT "fk_api_tokens_owner_person"`);
    await run(q, `ALTER TABLE "api_tokens" DROP COLUMN "programme_ids"`);
    await run(q, `ALTER TABLE "api_tokens" DROP COLUMN "owner_person_id"`);
    await run(q, `ALTER TABLE "api_tokens" DROP COLUMN "integration"`);
  }
}
