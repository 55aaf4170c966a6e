import { Injectable, Logger } from '@nestjs/common';
import { Options, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { Actor, Db, TenantTx } from '@app/platform';
import type { ImportMode } from './finance.enums';
import { ImportMapping } from './import-mapping';
import { compileRowReader, COPY_COLUMNS, RowOutcome } from './import-row';
import { fromPence } from './money';
import { ImportRowError } from './spend-import.entity';
import { MAX_IMPORT_ROWS } from './spend-imports.service';
import { startMonthOf } from './spend.queries';

/** A problem with the whole file (no header, a mapped column missing): the import fails, without retry. */
export class ImportFailure extends Error {}

export type RunOutcome = 'completed' | 'failed' | 'skipped';

const MAX_REPORTED_ERRORS = 1000;
const PROGRESS_EVERY_ROWS = 20_000;
const COPY_BUFFER_BYTES = 256 * 1024;

interface ImportRow {
  status: string;
  mode: ImportMode;
  encoding: string;
  mapping: ImportMapping;
  created_by_token_id: string | null;
}

interface Tally {
  processed: number;
  imported: number;
  rejected: number;
  errors: ImportRowError[];
  totals: Map<string, { projectId: string; financialYear: string; category: string; pence: bigint; smePence: bigint; count: number }>;
}

/**
 * Processes one spend import in the worker. The file streams from PostgreSQL through iconv-lite
 * and csv-parse; each row is validated as it arrives and valid rows stream straight into COPY,
 * inside ONE transaction that also moves the running totals and marks the import completed. So an
 * atomic import with a bad row, or a crash half way, leaves nothing behind, and a retried job finds
 * the import completed (checked under an advisory lock in that same transaction) and does nothing.
 * Memory stays flat: a chunk, a parse buffer and a COPY buffer, whatever the file's size.
 */
@Injectable()
export class SpendImportRunner {
  private readonly logger = new Logger('spend-import');

  constructor(private readonly db: Db) {}

  private get ds(): DataSource {
    return this.db.dataSource;
  }

  async run(importId: string, organisationId: string): Promise<RunOutcome> {
    const system: Actor = { organisationId, tokenId: null, name: 'spend import', scopes: [], requestId: `import:${importId}` };
    const [row] = await this.db.tenant(system, (tx) =>
      tx.query<ImportRow>(`SELECT status, mode, encoding, mapping, created_by_token_id FROM spend_imports WHERE id = $1 AND organisation_id = $2`, [importId, organisationId]),
    );
    if (!row || row.status === 'completed' || row.status === 'failed') return 'skipped';
    const actor: Actor = { ...system, tokenId: row.created_by_token_id };
    const tally: Tally = { processed: 0, imported: 0, rejected: 0, errors: [], totals: new Map() };

    const runner = this.ds.createQueryRunner();
    await runner.connect();
    let open = false;
    try {
      await runner.startTransaction('READ COMMITTED');
      open = true;
      const tx = new TenantTx(runner.manager, actor);
      await tx.query(`SELECT set_config('app.organisation_id', $1, true), set_config('statement_timeout', '0', true)`, [organisationId]);
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('spend_import'), hashtext($1))`, [importId]);
      const [current] = await tx.query<{ status: string }>(`SELECT status FROM spend_imports WHERE id = $1 AND organisation_id = $2`, [importId, organisationId]);
      if (current.status === 'completed' || current.status === 'failed') {
        await runner.rollbackTransaction();
        open = false;
        return 'skipped';
      }
      // Another connection: the import's own transaction stays free of locks on this row until it finishes.
      await this.db.tenant(actor, (other) =>
        other.query(
          `UPDATE spend_imports SET status = 'processing', started_at = coalesce(started_at, clock_timestamp()), attempts = attempts + 1, processed_rows = 0, updated_at = now() WHERE id = $1 AND organisation_id = $2`,
          [importId, organisationId],
        ),
      );

      try {
        await this.stream(tx, (runner as unknown as { databaseConnection: PoolClient }).databaseConnection, importId, row, tally);
      } catch (error) {
        if (!(error instanceof ImportFailure)) throw error;
        await runner.rollbackTransaction();
        open = false;
        await this.markFailed(actor, importId, error.message, tally);
        return 'failed';
      }

      if (row.mode === 'atomic' && tally.rejected > 0) {
        await runner.rollbackTransaction();
        open = false;
        await this.markFailed(actor, importId, `${tally.rejected} row(s) were rejected; an atomic import stores nothing unless every row is valid`, tally);
        return 'failed';
      }

      await this.upsertTotals(tx, tally);
      await tx.query(
        `UPDATE spend_imports SET status = 'completed', total_rows = $2, processed_rows = $2, imported_rows = $3, rejected_rows = $4, errors = $5, completed_at = clock_timestamp(), updated_at = now()
          WHERE id = $1`,
        [importId, tally.processed, tally.imported, tally.rejected, JSON.stringify(tally.errors)],
      );
      await tx.query(`DELETE FROM spend_import_chunks WHERE organisation_id = $1 AND import_id = $2`, [organisationId, importId]);
      await tx.audit({ action: 'spend_import.completed', entityType: 'spend_import', entityId: importId, after: { totalRows: tally.processed, importedRows: tally.imported, rejectedRows: tally.rejected } });
      await runner.commitTransaction();
      open = false;
      return 'completed';
    } finally {
      if (open) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /** Marks an import failed (after its writing transaction rolled back), unless another attempt finished it. */
  async markFailed(actor: Actor, importId: string, reason: string, tally: Pick<Tally, 'processed' | 'rejected' | 'errors'>): Promise<void> {
    await this.db.tenant(actor, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('spend_import'), hashtext($1))`, [importId]);
      const updated = await tx.query(
        `UPDATE spend_imports SET status = 'failed', failure_reason = $3, total_rows = $4, processed_rows = $4, imported_rows = 0, rejected_rows = $5, errors = $6, completed_at = now(), updated_at = now()
          WHERE id = $1 AND organisation_id = $2 AND status IN ('queued', 'processing') RETURNING id`,
        [importId, tx.organisationId, reason.slice(0, 1000), tally.processed, tally.rejected, JSON.stringify(tally.errors)],
      );
      if (!updated.length) return;
      await tx.query(`DELETE FROM spend_import_chunks WHERE organisation_id = $1 AND import_id = $2`, [tx.organisationId, importId]);
      await tx.audit({ action: 'spend_import.failed', entityType: 'spend_import', entityId: importId, after: { reason, rejectedRows: tally.rejected } });
    });
  }

  private async stream(tx: TenantTx, client: PoolClient, importId: string, row: ImportRow, tally: Tally): Promise<void> {
    const organisationId = tx.organisationId;
    const mapping = row.mapping;
    const startMonth = await startMonthOf(tx);
    const projects = await tx.query<{ code: string; id: string }>(`SELECT lower(code) AS code, id FROM projects WHERE organisation_id = $1`, [organisationId]);
    const projectsByCode = new Map(projects.map((p) => [p.code, p.id]));
    const defaultProjectOk = mapping.defaults.projectId ? projects.some((p) => p.id === mapping.defaults.projectId) : false;

    let read: ((record: string[]) => RowOutcome) | null = null;
    let progress: Promise<unknown> = Promise.resolve();
    const reject = (line: number, message: string) => {
      tally.rejected++;
      if (tally.errors.length < MAX_REPORTED_ERRORS) tally.errors.push({ line, message });
    };

    const parser = parse({
      from_line: mapping.skipRows + 1,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      skip_records_with_error: true,
      on_record: (raw: unknown, context: { lines: number }) => {
        const record = raw as string[];
        if (!read) {
          const compiled = compileRowReader({ mapping, header: record, projectsByCode, defaultProjectOk, startMonth, organisationId, importId, tokenId: row.created_by_token_id });
          if (!compiled.ok) throw new ImportFailure(compiled.reason);
          read = compiled.read;
          return null;
        }
        if (++tally.processed > MAX_IMPORT_ROWS) throw new ImportFailure(`the file has more than ${MAX_IMPORT_ROWS} rows; split it into smaller files`);
        if (tally.processed % PROGRESS_EVERY_ROWS === 0) {
          const processed = tally.processed;
          // Another connection, so progress shows while the import's own transaction is open.
          progress = progress
            .then(() => this.db.tenant(tx.actor, (other) => other.query(`UPDATE spend_imports SET processed_rows = $3, updated_at = now() WHERE id = $1 AND organisation_id = $2`, [importId, organisationId, processed])))
            .catch(() => undefined);
        }
        const outcome = read(record);
        if (!outcome.ok) {
          reject(context.lines, outcome.reason);
          return null;
        }
        tally.imported++;
        const key = `${outcome.projectId}|${outcome.financialYear}|${outcome.category}`;
        let total = tally.totals.get(key);
        if (!total) tally.totals.set(key, (total = { projectId: outcome.projectId, financialYear: outcome.financialYear, category: outcome.category, pence: 0n, smePence: 0n, count: 0 }));
        total.pence += outcome.pence;
        if (outcome.sme) total.smePence += outcome.pence;
        total.count++;
        return outcome.copyLine as unknown as string[];
      },
    } as Options);
    parser.on('skip', (error: Error & { lines?: number }) => {
      tally.processed++;
      reject(error.lines ?? 0, `the row could not be read as CSV: ${error.message}`);
    });

    let buffered = '';
    const batcher = new Transform({
      writableObjectMode: true,
      transform(line: string, _encoding, done) {
        buffered += line;
        if (buffered.length >= COPY_BUFFER_BYTES) {
          const out = buffered;
          buffered = '';
          done(null, out);
        } else done();
      },
      flush(done) {
        done(null, buffered || undefined);
      },
    });

    const copy = client.query(copyFrom(`COPY spend_entries (${COPY_COLUMNS}) FROM STDIN`));
    try {
      await pipeline(Readable.from(this.chunks(tx.actor, importId)), iconv.decodeStream(row.encoding === 'utf-8' ? 'utf8' : 'win1252'), parser, batcher, copy);
    } catch (error) {
      await progress;
      if (error instanceof ImportFailure) throw error;
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof ImportFailure) throw cause;
      const code = (error as { code?: string }).code;
      if (typeof code === 'string' && code.startsWith('CSV_')) throw new ImportFailure(`the file could not be read as CSV: ${(error as Error).message}`);
      throw error;
    }
    await progress;
    if (!read) throw new ImportFailure(mapping.skipRows ? `no header row after skipping ${mapping.skipRows} line(s)` : 'the file has no header row');
  }

  /** The stored file, chunk by chunk, read on the pool (the import's own connection is busy with COPY). */
  private async *chunks(actor: Actor, importId: string): AsyncGenerator<Buffer> {
    const fetch = (seq: number) =>
      this.db.tenant(actor, (other) =>
        other.query<{ data: Buffer }>(`SELECT data FROM spend_import_chunks WHERE organisation_id = $1 AND import_id = $2 AND seq = $3`, [actor.organisationId, importId, seq]),
      );
    let next = fetch(0);
    for (let seq = 0; ; seq++) {
      const rows = await next;
      if (!rows.length) return;
      next = fetch(seq + 1); // read ahead while this chunk is parsed
      yield rows[0].data;
    }
  }

  /** One upsert for every project, year and category the file touched, in key order. */
  private async upsertTotals(tx: TenantTx, tally: Tally): Promise<void> {
    const totals = [...tally.totals.values()];
    if (!totals.length) return;
    await tx.query(
      `INSERT INTO spend_totals AS t (organisation_id, project_id, financial_year, category, total, sme_total, entry_count)
       SELECT $1, u.project_id, u.financial_year, u.category, u.total, u.sme, u.n
         FROM unnest($2::uuid[], $3::varchar[], $4::varchar[], $5::numeric[], $6::numeric[], $7::bigint[]) AS u(project_id, financial_year, category, total, sme, n)
        ORDER BY 2, 3, 4
       ON CONFLICT (organisation_id, project_id, financial_year, category)
       DO UPDATE SET total = t.total + EXCLUDED.total, sme_total = t.sme_total + EXCLUDED.sme_total, entry_count = t.entry_count + EXCLUDED.entry_count, updated_at = now()`,
      [
        tx.organisationId,
        totals.map((t) => t.projectId),
        totals.map((t) => t.financialYear),
        totals.map((t) => t.category),
        totals.map((t) => fromPence(t.pence)),
        totals.map((t) => fromPence(t.smePence)),
        totals.map((t) => String(t.count)),
      ],
    );
  }
}
