import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantApp, run } from './sql';

/** Board dashboard sessions: a hashed random id per signed-in browser, tied to the token that signed in. */
export class Board1763800007000 implements MigrationInterface {
  name = 'Board1763800007000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "board_sessions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "token_id" uuid NOT NULL,
      "secret_hash" bytea NOT NULL,
      "csrf_secret" character varying(64) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "expires_at" timestamptz NOT NULL,
      "last_seen_at" timestamptz NOT NULL,
      CONSTRAINT "pk_board_sessions" PRIMARY KEY ("id"),
      CONSTRAINT "uq_board_sessions_secret_hash" UNIQUE ("secret_hash"),
      CONSTRAINT "fk_board_sessions_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_board_sessions_token" FOREIGN KEY ("organisation_id", "token_id") REFERENCES "api_tokens"("organisation_id", "id") ON DELETE CASCADE)`);
    await run(q, `CREATE INDEX "idx_board_sessions_expires_at" ON "board_sessions" ("expires_at")`);
    await grantApp(q, 'board_sessions', 'read-write');
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP TABLE "board_sessions"`);
  }
}
