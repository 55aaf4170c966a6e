import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';
import { enableTenantRls, WORKER_ROLE } from './1763800008000-row-level-security';

/**
 * Hash-chained audit trail, per organisation. A BEFORE INSERT trigger (in the inserting
 * transaction) advances the organisation's chain head under its row lock, so concurrent writers
 * are ordered by the head, not by seq: row n gets chain_index n and
 * hash = sha256(hash of row n-1 || audit_canonical(row)), with 32 zero bytes before the first.
 * `cli verify-audit` recomputes the chain and names the first row that does not match.
 */
export class AuditChain1763800008100 implements MigrationInterface {
  name = 'AuditChain1763800008100';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "audit_chain_heads" (
      "organisation_id" uuid NOT NULL,
      "last_index" bigint NOT NULL,
      "last_hash" bytea NOT NULL,
      CONSTRAINT "pk_audit_chain_heads" PRIMARY KEY ("organisation_id"),
      CONSTRAINT "fk_audit_chain_heads_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await enableTenantRls(q, 'audit_chain_heads');
    // The verifier (run as the worker's role) reads the heads; the application role gets nothing.
    await run(q, `GRANT SELECT ON TABLE "audit_chain_heads" TO ${WORKER_ROLE}`);
    await run(q, `ALTER TABLE "audit_events" ADD "chain_index" bigint`);
    await run(q, `ALTER TABLE "audit_events" ADD "hash" bytea`);

    // Everything that identifies the event, in a form that does not depend on session settings.
    await run(q, `CREATE FUNCTION audit_canonical(a audit_events) RETURNS bytea LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
      SELECT convert_to(jsonb_build_array(a.chain_index, a.id, a.organisation_id, a.actor_token_id, a.actor_name, a.action, a.entity_type, a.entity_id,
        a.before, a.after, a.request_id, to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text, 'UTF8')
    $$`);
    // SECURITY DEFINER: the application role has no grant on the heads, so it cannot move one.
    await run(q, `CREATE FUNCTION audit_chain_link() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE head audit_chain_heads%ROWTYPE;
      BEGIN
        INSERT INTO audit_chain_heads (organisation_id, last_index, last_hash) VALUES (NEW.organisation_id, 0, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
          ON CONFLICT (organisation_id) DO NOTHING;
        SELECT * INTO head FROM audit_chain_heads WHERE organisation_id = NEW.organisation_id FOR UPDATE;
        NEW.chain_index := head.last_index + 1;
        NEW.hash := sha256(head.last_hash || audit_canonical(NEW));
        UPDATE audit_chain_heads SET last_index = NEW.chain_index, last_hash = NEW.hash WHERE organisation_id = NEW.organisation_id;
        RETURN NEW;
      END $$`);

    // Chain rows written before this migration, in seq order (the append-only trigger is lifted for it alone).
    await run(q, `ALTER TABLE "audit_events" DISABLE TRIGGER "trg_audit_events_append_only"`);
    await run(q, `DO $$ DECLARE r audit_events%ROWTYPE; prev bytea; idx bigint; org uuid;
      BEGIN
        FOR r IN SELECT * FROM audit_events ORDER BY organisation_id, seq LOOP
          IF org IS DISTINCT FROM r.organisation_id THEN org := r.organisation_id; idx := 0; prev := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea; END IF;
          idx := idx + 1; r.chain_index := idx; prev := sha256(prev || audit_canonical(r));
          UPDATE audit_events SET chain_index = idx, hash = prev WHERE seq = r.seq;
          INSERT INTO audit_chain_heads VALUES (org, idx, prev) ON CONFLICT (organisation_id) DO UPDATE SET last_index = EXCLUDED.last_index, last_hash = EXCLUDED.last_hash;
        END LOOP;
      END $$`);
    await run(q, `ALTER TABLE "audit_events" ENABLE TRIGGER "trg_audit_events_append_only"`);
    await run(q, `ALTER TABLE "audit_events" ALTER COLUMN "chain_index" SET NOT NULL`);
    await run(q, `ALTER TABLE "audit_events" ALTER COLUMN "hash" SET NOT NULL`);
    await run(q, `ALTER TABLE "audit_events" ADD CONSTRAINT "uq_audit_events_organisation_id_chain_index" UNIQUE ("organisation_id", "chain_index")`);
    await run(q, `CREATE TRIGGER "trg_audit_events_chain" BEFORE INSERT ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_chain_link()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP TRIGGER "trg_audit_events_chain" ON "audit_events"`);
    await run(q, `ALTER TABLE "audit_events" DROP CONSTRAINT "uq_audit_events_organisation_id_chain_index"`);
    await run(q, `DROP FUNCTION audit_chain_link()`);
    await run(q, `DROP FUNCTION audit_canonical(audit_events)`);
    await run(q, `ALTER TABLE "audit_events" DROP COLUMN "hash"`);
    await run(q, `ALTER TABLE "audit_events" DROP COLUMN "chain_index"`);
    await run(q, `DROP TABLE "audit_chain_heads"`);
  }
}
