import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { grantApp, run } from './sql';

/** CSV files chosen in the board's upload form, kept while their columns are mapped and previewed. */
export class SpendUploadDrafts1763800026100 implements MigrationInterface {
  name = 'SpendUploadDrafts1763800026100';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "spend_upload_drafts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "file_name" character varying(255),
      "size_bytes" integer NOT NULL,
      "data" bytea NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_spend_upload_drafts" PRIMARY KEY ("id"),
      CONSTRAINT "uq_spend_upload_drafts_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_spend_upload_drafts_size_bytes" CHECK ("size_bytes" > 0),
      CONSTRAINT "fk_spend_upload_drafts_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE INDEX "idx_spend_upload_drafts_created_at" ON "spend_upload_drafts" ("organisation_id", "created_at")`);
    await grantApp(q, 'spend_upload_drafts', 'read-write');
    await enableTenantRls(q, 'spend_upload_drafts');
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP TABLE "spend_upload_drafts"`);
  }
}
