import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

const BASE = `a.chain_index, a.id, a.organisation_id, a.actor_token_id, a.actor_name, a.action, a.entity_type, a.entity_id,
        a.before, a.after, a.request_id, to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The audit names the person behind each change and the board session it came through. Both join
 * the hash chain; rows without them keep their old canonical form, so the existing chain still verifies.
 */
export class AuditPeople1763800016200 implements MigrationInterface {
  name = 'AuditPeople1763800016200';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "audit_events" ADD "actor_person_id" uuid`);
    await run(q, `ALTER TABLE "audit_events" ADD "actor_session_id" uuid`);
    await run(q, `CREATE OR REPLACE FUNCTION audit_canonical(a audit_events) RETURNS bytea LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
      SELECT convert_to((CASE WHEN a.actor_person_id IS NULL AND a.actor_session_id IS NULL THEN jsonb_build_array(${BASE})
                              ELSE jsonb_build_array(${BASE}, a.actor_person_id, a.actor_session_id) END)::text, 'UTF8')
    $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `CREATE OR REPLACE FUNCTION audit_canonical(a audit_events) RETURNS bytea LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
      SELECT convert_to(jsonb_build_array(${BASE})::text, 'UTF8')
    $$`);
    await run(q, `ALTER TABLE "audit_events" DROP COLUMN "actor_session_id"`);
    await run(q, `ALTER TABLE "audit_events" DROP COLUMN "actor_person_id"`);
  }
}
