import { Injectable, Optional } from '@nestjs/common';
import { Options, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { Actor, AppConfig, Db, fromPence, isUniqueViolation, TenantTx } from '@app/platform';
import type { ImportMode } from './finance.enums';
import { headerSignature } from './spend-import-header';
import { ImportMapping } from './import-mapping';
import { compileRowReader, COPY_COLUMNS, RowOutcome, RowSplit } from './import-row';
import { linkStagedSuppliers } from './supplier.queries';
import { spendDateWindow } from './spend-date-window';
import { ImportRowError } from './spend-import.entity';
import { MAX_IMPORT_ROWS } from './spend-imports.service';
import { ADD_TO_SPEND_TOTALS, startMonthOf } from './spend.queries';

/** A problem with the whole file (no header, a mapped column missing, NUL bytes): the import fails once, without retry. */
export class ImportFailure extends Error {}

export type RunOutcome = 'completed' | 'completed_with_errors' | 'nothing_imported' | 'failed' | 'skipped';

/** Issues kept on the import row itself; every one is in spend_import_issues. */
export const SHOWN_ISSUES = 100;
/** Rejected rows remembered in memory while a file streams; beyond this they are counted, not listed. */
const MAX_LISTED_REJECTS = 100_000;
const PROGRESS_EVERY_ROWS = 20_000;
const COPY_BUFFER_BYTES = 256 * 1024;
const DUPLICATE_MESSAGE = 'the ledger already holds this entry (same date, amount, supplier, reference and description)';
const ACCEPTED_DUPLICATE_MESSAGE = 'the ledger already held this entry; imported anyway (allowDuplicates)';

interface ImportRow {
  status: string;
  mode: ImportMode;
  encoding: string;
  mapping: ImportMapping;
  allow_duplicates: boolean;
  created_by_token_id: string | null;
  /** The import whose chunks hold the file: itself, or the one it re-runs. */
  file_id: string;
}

interface Tally {
  processed: number;
  rejected: number;
  rejects: { line: number; message: string }[];
  header: string[] | null;
  split?: RowSplit;
  /** Rows sent to COPY. */
  copied: number;
  /** The copied rows' running-total increments by project, financial year and category, in exact pence. */
  totals: Map<string, TotalIncrement>;
}

interface TotalIncrement {
  projectId: string;
  financialYear: string;
  category: string;
  pence: bigint;
  smePence: bigint;
  count: number;
}

interface Written {
  imported: number;
  duplicates: number;
}

/** Where the parsed rows go: straight into the ledger, or a temporary staging table with their line numbers. */
type CopyTarget = 'ledger' | 'staging';

const newTally = (): Tally => ({ processed: 0, rejected: 0, rejects: [], header: null, split: undefined, copied: 0, totals: new Map() });

/** Adds a row written straight to the ledger to its running total's increment. */
function addToTotals(totals: Map<string, TotalIncrement>, row: Extract<RowOutcome, { ok: true }>): void {
  const key = `${row.projectId}|${row.financialYear}|${row.category}`;
  const total = totals.get(key);
  if (total) {
    total.pence += row.pence;
    if (row.sme) total.smePence += row.pence;
    total.count++;
  } else totals.set(key, { projectId: row.projectId, financialYear: row.financialYear, category: row.category, pence: row.pence, smePence: row.sme ? row.pence : 0n, count: 1 });
}

/** What a NUL or other control byte would do to a reason stored in PostgreSQL: shown, not sent. */
export const printable = (text: string): string => text.replace(/\0/g, '\\0').slice(0, 1000);


/**
 * Processes one spend import in the worker, in ONE transaction. The file streams from PostgreSQL
 * through iconv-lite and csv-parse; each row is validated and fingerprinted as it arrives.
 *
 * Most files hold no row the ledger already has, so valid rows first stream by COPY straight into
 * the ledger (behind a savepoint) and their fingerprints are claimed in one sorted statement; when
 * every claim holds, the running totals move by what the parser summed and the import is done.
 * When a claim fails (a duplicate, in the file or against the ledger) or the mapping links
 * suppliers (the register fills in each row's supplier_id, and ledger rows are never updated), the
 * savepoint is rolled back and the file streams again into a temporary staging table; set-based
 * statements then claim the fingerprints not already held (the first occurrence in the file wins),
 * write the rows that won theirs (or every row, with allowDuplicates) to the ledger with the
 * running totals, and record every rejected and duplicate row. A crash half way leaves nothing; a
 * retried job finds the import finished (checked under an advisory lock in the same transaction)
 * and does nothing.
 */
@Injectable()
export class SpendImportRunner {
  constructor(
    private readonly db: Db,
    @Optional() private readonly config?: AppConfig,
  ) {}

  private get ds(): DataSource {
    return this.db.dataSource;
  }

  async run(importId: string, organisationId: string): Promise<RunOutcome> {
    const system: Actor = { organisationId, tokenId: null, name: 'spend import', scopes: [], requestId: `import:${importId}` };
    const [row] = await this.db.tenant(system, (tx) =>
      tx.query<ImportRow>(`SELECT status, mode, encoding, mapping, allow_duplicates, created_by_token_id, coalesce(rerun_of_id, id) AS file_id FROM spend_imports WHERE id = $1 AND organisation_id = $2`, [importId, organisationId]),
    );
    if (!row || !['queued', 'processing'].includes(row.status)) return 'skipped';
    const actor: Actor = { ...system, tokenId: row.created_by_token_id };
    const tally = newTally();
    const atomicRejects = () => row.mode === 'atomic' && tally.rejected > 0;

    const runner = this.ds.createQueryRunner();
    await runner.connect();
    let open = false;
    try {
      await runner.startTransaction('READ COMMITTED');
      open = true;
      const tx = new TenantTx(runner.manager, actor);
      const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      await tx.query(`SELECT set_config('app.organisation_id', $1, true), set_config('statement_timeout', '0', true)`, [organisationId]);
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('spend_import'), hashtext($1))`, [importId]);
      const [current] = await tx.query<{ status: string }>(`SELECT status FROM spend_imports WHERE id = $1 AND organisation_id = $2`, [importId, organisationId]);
      if (!['queued', 'processing'].includes(current.status)) {
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

      let written: Written | null = null;
      try {
        if (!row.mapping.linkSuppliers) {
          await tx.query(`SAVEPOINT import_direct`);
          await this.stream(tx, client, importId, row, tally, 'ledger');
          if (!atomicRejects()) {
            written = await this.claimDirect(tx, importId, tally);
            if (!written) {
              await tx.query(`ROLLBACK TO SAVEPOINT import_direct`);
              Object.assign(tally, newTally());
            }
          }
        }
        if (!written && !atomicRejects()) {
          await tx.query(`CREATE TEMPORARY TABLE import_rows ON COMMIT DROP AS SELECT ${COPY_COLUMNS} FROM spend_entries WITH NO DATA`);
          await tx.query(`ALTER TABLE import_rows ADD line integer NOT NULL, ADD id uuid NOT NULL DEFAULT uuid_v7(), ADD supplier_id uuid`);
          await this.stream(tx, client, importId, row, tally, 'staging');
        }
      } catch (error) {
        if (!(error instanceof ImportFailure)) throw error;
        await runner.rollbackTransaction();
        open = false;
        await this.markFailed(actor, importId, error.message, tally);
        return 'failed';
      }

      if (atomicRejects()) {
        await runner.rollbackTransaction();
        open = false;
        await this.markFailed(actor, importId, `${tally.rejected} row(s) were rejected; an atomic import stores nothing unless every row is valid`, tally);
        return 'failed';
      }

      if (!written) {
        if (row.mapping.linkSuppliers) await linkStagedSuppliers(tx, 'import_rows');
        written = await this.write(tx, importId, row.allow_duplicates);
      }
      const issues = await this.recordIssues(tx, importId, tally.rejects, written.duplicates > 0);
      await this.recordUnmapped(tx, importId, tally);
      const status = written.imported === 0 ? 'nothing_imported' : tally.rejected > 0 ? 'completed_with_errors' : 'completed';
      await tx.query(
        `UPDATE spend_imports SET status = $2, total_rows = $3, processed_rows = $3, imported_rows = $4, rejected_rows = $5, duplicate_rows = $6, errors = $7, issue_count = $8,
                header = $9, header_signature = $10, completed_at = clock_timestamp(), updated_at = now()
          WHERE id = $1`,
        [importId, status, tally.processed, written.imported, tally.rejected, written.duplicates, JSON.stringify(issues.shown), issues.count, JSON.stringify(tally.header), tally.header ? headerSignature(tally.header) : null],
      );
      await tx.audit({
        action: `spend_import.${status}`,
        entityType: 'spend_import',
        entityId: importId,
        after: { totalRows: tally.processed, importedRows: written.imported, rejectedRows: tally.rejected, duplicateRows: written.duplicates, allowDuplicates: row.allow_duplicates },
      });
      await runner.commitTransaction();
      open = false;
      return status;
    } finally {
      if (open) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /** A split import's values with no project, with their row counts and what became of those rows. */
  private async recordUnmapped(tx: TenantTx, importId: string, tally: Tally): Promise<void> {
    if (!tally.split) return;
    const outcome = tally.split.holdingProjectId ? 'holding' : 'rejected';
    const values = [...tally.split.unmapped.values()].sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value)).map((v) => ({ ...v, outcome }));
    await tx.query(`UPDATE spend_imports SET unmapped_values = $3 WHERE id = $1 AND organisation_id = $2`, [importId, tx.organisationId, JSON.stringify(values)]);
  }

  /** Marks an import failed (after its writing transaction rolled back), unless another attempt finished it; the stored file is kept for a re-run. */
  async markFailed(actor: Actor, importId: string, reason: string, tally: Pick<Tally, 'processed' | 'rejected' | 'rejects'> & { header?: string[] | null }): Promise<void> {
    await this.db.tenant(actor, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('spend_import'), hashtext($1))`, [importId]);
      const [current] = await tx.query<{ status: string }>(`SELECT status FROM spend_imports WHERE id = $1 AND organisation_id = $2 FOR UPDATE`, [importId, tx.organisationId]);
      if (!current || !['queued', 'processing'].includes(current.status)) return;
      const issues = await this.recordIssues(tx, importId, tally.rejects, false);
      await tx.query(
        `UPDATE spend_imports SET status = 'failed', failure_reason = $3, total_rows = $4, processed_rows = $4, imported_rows = 0, rejected_rows = $5, duplicate_rows = 0, errors = $6, issue_count = $7,
                header = $8, header_signature = $9, completed_at = now(), updated_at = now()
          WHERE id = $1 AND organisation_id = $2`,
        [importId, tx.organisationId, printable(reason), tally.processed, tally.rejected, JSON.stringify(issues.shown), issues.count, tally.header ? JSON.stringify(tally.header) : null, tally.header ? headerSignature(tally.header) : null],
      );
      await tx.audit({ action: 'spend_import.failed', entityType: 'spend_import', entityId: importId, after: { reason: printable(reason), rejectedRows: tally.rejected } });
    });
  }

  /**
   * Claims the fingerprint of every row COPY wrote to the ledger, in fingerprint order (the key's
   * index is then written page after page, not at random), as a plain INSERT: one is already held
   * or repeated in the file, the key refuses it, and null sends the caller back to the savepoint and
   * onto the staging path, which settles duplicates row by row. When every claim holds, the
   * running totals move by the parser's sums.
   */
  private async claimDirect(tx: TenantTx, importId: string, tally: Tally): Promise<Written | null> {
    try {
      await tx.query(
        `INSERT INTO spend_fingerprints (organisation_id, fingerprint, entry_id)
         SELECT organisation_id, fingerprint, id FROM spend_entries WHERE organisation_id = $1 AND import_id = $2 ORDER BY fingerprint`,
        [tx.organisationId, importId],
      );
    } catch (error) {
      if (isUniqueViolation(error, 'pk_spend_fingerprints')) return null;
      throw error;
    }
    const totals = [...tally.totals.values()];
    if (totals.length) {
      await tx.query(
        `INSERT INTO spend_totals AS t (organisation_id, project_id, financial_year, category, total, sme_total, entry_count)
         SELECT $1, u.project_id, u.financial_year, u.category, u.total, u.sme_total, u.entry_count
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::int[]) AS u(project_id, financial_year, category, total, sme_total, entry_count)
          ORDER BY u.project_id, u.financial_year, u.category
         ${ADD_TO_SPEND_TOTALS}`,
        [
          tx.organisationId,
          totals.map((t) => t.projectId),
          totals.map((t) => t.financialYear),
          totals.map((t) => t.category),
          totals.map((t) => fromPence(t.pence)),
          totals.map((t) => fromPence(t.smePence)),
          totals.map((t) => t.count),
        ],
      );
    }
    return { imported: tally.copied, duplicates: 0 };
  }

  /**
   * Claims each staged fingerprint not already held (ON CONFLICT DO NOTHING also settles repeats
   * within the file: the staging table is read in file order, so the first occurrence wins), then
   * writes the rows that hold their claim, or every row with allowDuplicates, and moves the totals.
   */
  private async write(tx: TenantTx, importId: string, allowDuplicates: boolean): Promise<Written> {
    await tx.query(`ANALYZE import_rows`);
    await tx.query(`INSERT INTO spend_fingerprints (organisation_id, fingerprint, entry_id) SELECT organisation_id, fingerprint, id FROM import_rows ON CONFLICT DO NOTHING`);
    const [written] = await tx.query<{ imported: number }>(
      `WITH ins AS (
         INSERT INTO spend_entries (id, supplier_id, ${COPY_COLUMNS})
         SELECT s.id, s.supplier_id, ${COPY_COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')} FROM import_rows s
          WHERE $2 OR EXISTS (SELECT 1 FROM spend_fingerprints f WHERE f.organisation_id = $1 AND f.fingerprint = s.fingerprint AND f.entry_id = s.id)
         RETURNING organisation_id, project_id, financial_year, category, amount, supplier_is_sme
       ), totals AS (
         INSERT INTO spend_totals AS t (organisation_id, project_id, financial_year, category, total, sme_total, entry_count)
         SELECT organisation_id, project_id, financial_year, category, sum(amount), coalesce(sum(amount) FILTER (WHERE supplier_is_sme), 0), count(*)
           FROM ins GROUP BY organisation_id, project_id, financial_year, category
          ORDER BY organisation_id, project_id, financial_year, category
         ${ADD_TO_SPEND_TOTALS}
       )
       SELECT count(*)::int AS imported FROM ins`,
      [tx.organisationId, allowDuplicates],
    );
    const [dups] = await tx.query<{ n: number }>(
      `WITH dup AS (
         SELECT s.line, f.entry_id FROM import_rows s JOIN spend_fingerprints f ON f.organisation_id = $1 AND f.fingerprint = s.fingerprint WHERE f.entry_id <> s.id
       ), issues AS (
         INSERT INTO spend_import_issues (organisation_id, import_id, seq, line, kind, message, entry_id)
         SELECT $1, $2, 1000000000 + row_number() OVER (ORDER BY line), line, 'duplicate', $3, entry_id FROM dup
       )
       SELECT count(*)::int AS n FROM dup`,
      [tx.organisationId, importId, allowDuplicates ? ACCEPTED_DUPLICATE_MESSAGE : DUPLICATE_MESSAGE],
    );
    return { imported: written.imported, duplicates: dups.n };
  }

  /**
   * Records the rejected rows (duplicates are already in), renumbers every issue by line, and returns
   * the first few for the import row with the full count.
   */
  private async recordIssues(tx: TenantTx, importId: string, rejects: { line: number; message: string }[], hasDuplicates: boolean): Promise<{ shown: ImportRowError[]; count: number }> {
    if (rejects.length) {
      await tx.query(
        `INSERT INTO spend_import_issues (organisation_id, import_id, seq, line, kind, message)
         SELECT $1, $2, 2000000000 + ord::int, line, 'rejected', left(message, 1000) FROM unnest($3::int[], $4::text[]) WITH ORDINALITY AS u(line, message, ord)`,
        [tx.organisationId, importId, rejects.map((r) => r.line), rejects.map((r) => printable(r.message))],
      );
    }
    if (!rejects.length && !hasDuplicates) return { shown: [], count: 0 };
    // One order for paging: by line, rejected before duplicate on the same line.
    await tx.query(
      `UPDATE spend_import_issues i SET seq = o.n
         FROM (SELECT seq, row_number() OVER (ORDER BY line, kind DESC, seq) AS n FROM spend_import_issues WHERE organisation_id = $1 AND import_id = $2) o
        WHERE i.organisation_id = $1 AND i.import_id = $2 AND i.seq = o.seq`,
      [tx.organisationId, importId],
    );
    const shown = await tx.query<{ line: number; kind: 'rejected' | 'duplicate'; message: string; entry_id: string | null }>(
      `SELECT line, kind, message, entry_id FROM spend_import_issues WHERE organisation_id = $1 AND import_id = $2 ORDER BY seq LIMIT ${SHOWN_ISSUES}`,
      [tx.organisationId, importId],
    );
    const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM spend_import_issues WHERE organisation_id = $1 AND import_id = $2`, [tx.organisationId, importId]);
    return { shown: shown.map((i) => ({ line: i.line, kind: i.kind, message: i.message, ...(i.entry_id ? { entryId: i.entry_id } : {}) })), count: n };
  }

  private async stream(tx: TenantTx, client: PoolClient, importId: string, row: ImportRow, tally: Tally, target: CopyTarget): Promise<void> {
    const organisationId = tx.organisationId;
    const mapping = row.mapping;
    const startMonth = await startMonthOf(tx);
    const projects = await tx.query<{ code: string; id: string }>(`SELECT lower(code) AS code, id FROM projects WHERE organisation_id = $1`, [organisationId]);
    const projectsByCode = new Map(projects.map((p) => [p.code, p.id]));
    const defaultProjectOk = mapping.defaults.projectId ? projects.some((p) => p.id === mapping.defaults.projectId) : false;
    const window = spendDateWindow(this.config);
    if (mapping.splitMappingId) tally.split = await this.loadSplit(tx, mapping.splitMappingId, new Set(projects.map((p) => p.id)));

    let read: ((record: string[]) => RowOutcome) | null = null;
    let progress: Promise<unknown> = Promise.resolve();
    const reject = (line: number, message: string) => {
      tally.rejected++;
      if (tally.rejects.length < MAX_LISTED_REJECTS) tally.rejects.push({ line, message });
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
          if (record.some((h) => h.includes('\0'))) {
            throw new ImportFailure('the header row contains NUL bytes: the file is probably UTF-16 or not a CSV file; save it as CSV (UTF-8 or Windows-1252)');
          }
          tally.header = record.map((h) => h.trim());
          const compiled = compileRowReader({ mapping, header: record, projectsByCode, defaultProjectOk, startMonth, organisationId, importId, tokenId: row.created_by_token_id, window, split: tally.split });
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
        tally.copied++;
        if (target === 'staging') return `${context.lines}\t${outcome.copyLine}` as unknown as string[];
        addToTotals(tally.totals, outcome);
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

    const copy = client.query(copyFrom(target === 'staging' ? `COPY import_rows (line, ${COPY_COLUMNS}) FROM STDIN` : `COPY spend_entries (${COPY_COLUMNS}) FROM STDIN`));
    try {
      await pipeline(Readable.from(this.chunks(tx.actor, row.file_id)), iconv.decodeStream(row.encoding === 'utf-8' ? 'utf8' : 'win1252'), parser, batcher, copy);
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

  /** The saved split mapping, its values lower-cased; a value whose project has since gone counts as unmapped. */
  private async loadSplit(tx: TenantTx, id: string, projectIds: Set<string>): Promise<RowSplit> {
    const [split] = await tx.query<{ values: Record<string, string>; holding_project_id: string | null }>(
      `SELECT "values", holding_project_id FROM spend_split_mappings WHERE organisation_id = $1 AND id = $2`,
      [tx.organisationId, id],
    );
    if (!split) throw new ImportFailure('the split mapping named by splitMappingId no longer exists');
    if (split.holding_project_id && !projectIds.has(split.holding_project_id)) throw new ImportFailure('the split mapping\'s holding project no longer exists');
    const projects = new Map(Object.entries(split.values).flatMap(([value, projectId]) => (projectIds.has(projectId) ? [[value.trim().toLowerCase(), projectId] as const] : [])));
    return { projects, holdingProjectId: split.holding_project_id, unmapped: new Map() };
  }

  /** The stored file, chunk by chunk, read on the pool (the import's own connection is busy with COPY). */
  private async *chunks(actor: Actor, fileId: string): AsyncGenerator<Buffer> {
    const fetch = (seq: number) =>
      this.db.tenant(actor, (other) =>
        other.query<{ data: Buffer }>(`SELECT data FROM spend_import_chunks WHERE organisation_id = $1 AND import_id = $2 AND seq = $3`, [actor.organisationId, fileId, seq]),
      );
    let next = fetch(0);
    for (let seq = 0; ; seq++) {
      const rows = await next;
      if (!rows.length) return;
      next = fetch(seq + 1); // read ahead while this chunk is parsed
      yield rows[0].data;
    }
  }
}
