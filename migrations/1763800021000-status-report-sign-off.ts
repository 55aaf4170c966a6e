import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, run } from './sql';

/** The sign-off columns: the only ones of a status report that may change once it is written. */
const SIGN_OFF_COLUMNS = ['state', 'sent_for_approval_at', 'approved_at', 'approved_by_person_id', 'returned_at', 'returned_by_person_id', 'return_comment'];

/**
 * Status report sign-off: a report is a draft, submitted for approval, then approved or returned
 * (back to draft, the comment kept). Its content stays append-only: the append-only trigger is
 * replaced by one that lets the sign-off columns change and nothing else. Reports written before
 * sign-off existed were the board's record already, so they are taken as approved; so are rows a
 * bulk load of past reports writes without a state. The service always sets the state itself.
 */
export class StatusReportSignOff1763800021000 implements MigrationInterface {
  name = 'StatusReportSignOff1763800021000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `DROP TRIGGER "trg_status_reports_append_only" ON "status_reports"`);
    await run(q, `ALTER TABLE "status_reports" ADD "state" character varying(16) NOT NULL DEFAULT 'approved'`);
    await run(q, `ALTER TABLE "status_reports" ADD "sent_for_approval_at" timestamptz`);
    await run(q, `UPDATE "status_reports" SET "sent_for_approval_at" = "submitted_at"`);
    await run(q, `ALTER TABLE "status_reports" ADD "approved_at" timestamptz`);
    await run(q, `ALTER TABLE "status_reports" ADD "approved_by_person_id" uuid`);
    await run(q, `ALTER TABLE "status_reports" ADD "returned_at" timestamptz`);
    await run(q, `ALTER TABLE "status_reports" ADD "returned_by_person_id" uuid`);
    await run(q, `ALTER TABLE "status_reports" ADD "return_comment" text`);
    await run(q, `ALTER TABLE "status_reports" ADD CONSTRAINT "ck_status_reports_state" CHECK ("state" IN ('draft', 'submitted', 'approved'))`);
    await run(q, `ALTER TABLE "status_reports" ADD CONSTRAINT "fk_status_reports_approved_by_person" FOREIGN KEY ("organisation_id", "approved_by_person_id") REFERENCES "people"("organisation_id", "id")`);
    await run(q, `ALTER TABLE "status_reports" ADD CONSTRAINT "fk_status_reports_returned_by_person" FOREIGN KEY ("organisation_id", "returned_by_person_id") REFERENCES "people"("organisation_id", "id")`);
    // Reports awaiting approval, oldest first: the unapproved-report rule and the reminders read these.
    await run(q, `CREATE INDEX "idx_status_reports_awaiting_approval" ON "status_reports" ("organisation_id", "sent_for_approval_at") WHERE "state" = 'submitted'`);

    await run(q, `CREATE FUNCTION status_report_content_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(OLD) - ARRAY[${SIGN_OFF_COLUMNS.map((c) => `'${c}'`).join(', ')}]) IS DISTINCT FROM (to_jsonb(NEW) - ARRAY[${SIGN_OFF_COLUMNS.map((c) => `'${c}'`).join(', ')}]) THEN
          RAISE EXCEPTION 'status_reports content is append-only: only its sign-off may change' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await run(q, `CREATE TRIGGER "trg_status_reports_content_unchanged" BEFORE UPDATE ON "status_reports" FOR EACH ROW EXECUTE FUNCTION status_report_content_unchanged()`);
    await run(q, `CREATE TRIGGER "trg_status_reports_no_delete" BEFORE DELETE ON "status_reports" FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
    await run(q, `GRANT UPDATE (${SIGN_OFF_COLUMNS.map((c) => `"${c}"`).join(', ')}) ON TABLE "status_reports" TO ${APP_ROLE}`);
    // Approval changes what the board shows as reported: refresh the evidence read model as for a new report.
    await run(q, `CREATE TRIGGER "trg_status_reports_evidence_update" AFTER UPDATE ON "status_reports" REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION mark_evidence_dirty_report()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP TRIGGER "trg_status_reports_evidence_update" ON "status_reports"`);
    await run(q, `REVOKE UPDATE ON TABLE "status_reports" FROM ${APP_ROLE}`);
    await run(q, `DROP TRIGGER "trg_status_reports_no_delete" ON "status_reports"`);
    await run(q, `DROP TRIGGER "trg_status_reports_content_unchanged" ON "status_reports"`);
    await run(q, `DROP FUNCTION status_report_content_unchanged()`);
    await run(q, `DROP INDEX "idx_status_reports_awaiting_approval"`);
    await run(q, `ALTER TABLE "status_reports" DROP CONSTRAINT "fk_status_reports_returned_by_person"`);
    await run(q, `ALTER TABLE "status_reports" DROP CONSTRAINT "fk_status_reports_approved_by_person"`);
    await run(q, `ALTER TABLE "status_reports" DROP CONSTRAINT "ck_status_reports_state"`);
    for (const column of [...SIGN_OFF_COLUMNS].reverse()) await run(q, `ALTER TABLE "status_reports" DROP COLUMN "${column}"`);
    await run(q, `CREATE TRIGGER "trg_status_reports_append_only" BEFORE UPDATE OR DELETE ON "status_reports" FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
  }
}
