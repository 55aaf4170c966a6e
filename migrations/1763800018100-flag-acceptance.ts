import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

const STATEMENTS = [
  `ALTER TABLE "flags" DROP CONSTRAINT "ck_flags_status"`,
  `ALTER TABLE "flags" ADD CONSTRAINT "ck_flags_status" CHECK ("status" IN ('open', 'acknowledged', 'accepted', 'resolved'))`,
  `ALTER TABLE "flag_events" DROP CONSTRAINT "ck_flag_events_kind"`,
  `ALTER TABLE "flag_events" ADD CONSTRAINT "ck_flag_events_kind" CHECK ("kind" IN ('raised', 'acknowledged', 'accepted', 'lapsed', 'resolved'))`,
  `ALTER TABLE "flags" ADD "accepted_until" date`,
  `ALTER TABLE "flags" ADD "acceptance_reason" text`,
  `ALTER TABLE "flags" ADD "accepted_at" TIMESTAMP WITH TIME ZONE`,
  `ALTER TABLE "flags" ADD "accepted_by" character varying(100)`,
  `ALTER TABLE "flags" ADD "accepted_by_person_id" uuid`,
  `ALTER TABLE "flags" ADD CONSTRAINT "ck_flags_acceptance" CHECK ("status" <> 'accepted' OR ("accepted_until" IS NOT NULL AND "acceptance_reason" IS NOT NULL))`,
  `ALTER TABLE "flags" ADD CONSTRAINT "fk_flags_accepted_by_person" FOREIGN KEY ("organisation_id", "accepted_by_person_id") REFERENCES "people"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `CREATE INDEX "idx_flags_accepted_until" ON "flags" ("organisation_id", "accepted_until") WHERE "status" = 'accepted'`,
];

/**
 * A board may accept a flag until a date, for a reason: the flag stays unresolved and is shown as
 * accepted, and the first scan after that date puts it back to open (the acceptance lapses).
 */
export class FlagAcceptance1763800018100 implements MigrationInterface {
  name = 'FlagAcceptance1763800018100';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of STATEMENTS) await run(q, sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX "idx_flags_accepted_until"`);
    for (const column of ['accepted_until', 'acceptance_reason', 'accepted_at', 'accepted_by', 'accepted_by_person_id']) await run(q, `ALTER TABLE "flags" DROP COLUMN "${column}"`);
  }
}
