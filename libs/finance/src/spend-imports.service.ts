import { Injectable } from '@nestjs/common';
import { parse as parseCsv } from 'csv-parse/sync';
import { createHash, randomUUID } from 'node:crypto';
import { Actor, Cursor, Db, JOBS, Page, PageQuery, pageSize, Problem, TenantTx, toPage } from '@app/platform';
import type { ImportMode, ImportStatus } from './finance.enums';
import { ImportMapping } from './import-mapping';
import { SpendImportEntity } from './spend-import.entity';
import { headerSignature } from './spend-import-header';
import { ownedProjectIds } from './spend.queries';

/** Stored chunk size: big enough that a 100 MB file is a hundred rows, small enough to stream. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024;
/** Most data rows one import may hold (the file-size limit is AppConfig.uploadLimitBytes). */
export const MAX_IMPORT_ROWS = 2_000_000;

export interface ImportView {
  id: string;
  status: ImportStatus;
  mode: ImportMode;
  allowDuplicates: boolean;
  fileName: string | null;
  checksum: string;
  encoding: string;
  sizeBytes: string;
  mapping: Record<string, unknown>;
  header: string[] | null;
  rerunOfId: string | null;
  totalRows: number | null;
  processedRows: number;
  importedRows: number;
  rejectedRows: number;
  duplicateRows: number;
  /** The first rejected or duplicate rows; GET …/issues pages through all of them. */
  errors: { line: number; message: string; kind?: string; entryId?: string }[];
  /** Rejected and duplicate rows not shown in `errors` (all of them are in GET …/issues). */
  errorsOmitted: number;
  failureReason: string | null;
  /** A split import's values with no project: each with its row count, rejected or sent to the holding project. */
  unmappedValues: { value: string; rows: number; outcome: 'rejected' | 'holding' }[] | null;
  reversedRows: number;
  undoReason: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  undoneAt: string | null;
}

export const toImportView = (i: SpendImportEntity): ImportView => ({
  id: i.id,
  status: i.status,
  mode: i.mode,
  allowDuplicates: i.allowDuplicates,
  fileName: i.fileName,
  checksum: i.checksum,
  encoding: i.encoding,
  sizeBytes: i.sizeBytes,
  mapping: i.mapping,
  header: i.header,
  rerunOfId: i.rerunOfId,
  totalRows: i.totalRows,
  processedRows: i.processedRows,
  importedRows: i.importedRows,
  rejectedRows: i.rejectedRows,
  duplicateRows: i.duplicateRows,
  errors: i.errors,
  errorsOmitted: Math.max(0, Math.max(i.issueCount, i.rejectedRows + i.duplicateRows) - i.errors.length),
  failureReason: i.failureReason,
  unmappedValues: i.unmappedValues,
  reversedRows: i.reversedRows,
  undoReason: i.undoReason,
  createdAt: i.createdAt.toISOString(),
  startedAt: i.startedAt ? i.startedAt.toISOString() : null,
  completedAt: i.completedAt ? i.completedAt.toISOString() : null,
  undoneAt: i.undoneAt ? i.undoneAt.toISOString() : null,
});

export interface ImportFilter extends PageQuery {
  status?: string;
  from?: string;
  to?: string;
  fileName?: string;
}

export interface ImportIssueView {
  line: number;
  kind: 'rejected' | 'duplicate';
  message: string;
  entryId: string | null;
}

export interface UploadedFile extends AsyncIterable<Buffer> {
  truncated?: boolean;
}

export interface ImportRequest {
  fileName: string | null;
  mode: ImportMode;
  mapping: ImportMapping;
  allowDuplicates: boolean;
}

/** The mapping's identity (with the duplicates choice): the same file read another way is a new import. */
const mappingHash = (mapping: ImportMapping, allowDuplicates: boolean): string => createHash('sha256').update(JSON.stringify(mapping)).update(allowDuplicates ? '\u001fallow-duplicates' : '').digest('hex');
const UNDOABLE: ImportStatus[] = ['completed', 'completed_with_errors'];

class DuplicateFile extends Error {}

/**
 * Imports as objects: accepting uploads (the file streamed into PostgreSQL in chunks, checksummed,
 * its encoding decided and a job queued through the outbox, all in one transaction, with whatever
 * else the request holds checked before it commits), listing them, undoing one, re-running a stored
 * file with another mapping, and offering the last mapping used for a file of the same shape.
 */
@Injectable()
export class SpendImportsService {
  constructor(private readonly db: Db) {}

  /**
   * `rest` reads the remainder of the request after the file, inside the same transaction: anything
   * it refuses rolls the whole upload back, so a refused request leaves no import, row or file.
   */
  async accept(actor: Actor, input: ImportRequest & { file: UploadedFile; rest?: () => Promise<void> }): Promise<{ created: boolean; import: ImportView }> {
    let checksum = '';
    try {
      const view = await this.db.tenant(actor, async (tx) => {
        await this.checkDefaultProject(tx, input.mapping);
        const id = randomUUID();
        const stored = await storeFile(tx, id, input.file, input.mapping.skipRows);
        checksum = stored.checksum;
        if (input.rest) await input.rest();
        return this.create(tx, id, input, stored, null);
      });
      return { created: true, import: view };
    } catch (error) {
      if (!(error instanceof DuplicateFile)) throw error;
      return { created: false, import: await this.existing(actor, checksum, mappingHash(input.mapping, input.allowDuplicates)) };
    }
  }

  /** POST …/{id}/rerun: the stored file of an earlier import, with a new mapping, as a new import. */
  async rerun(actor: Actor, id: string, input: Omit<ImportRequest, 'fileName'>): Promise<{ created: boolean; import: ImportView }> {
    let checksum = '';
    try {
      const view = await this.db.tenant(actor, async (tx) => {
        const source = await tx.findOne(SpendImportEntity, { id });
        if (!source) throw Problem.notFound('spend import');
        if (['queued', 'processing'].includes(source.status)) throw Problem.conflict('import_in_progress', 'this import has not finished; re-run it once it has');
        await this.checkDefaultProject(tx, input.mapping);
        checksum = source.checksum;
        const fileId = source.rerunOfId ?? source.id;
        const [{ chunks }] = await tx.query<{ chunks: number }>(`SELECT count(*)::int AS chunks FROM spend_import_chunks WHERE organisation_id = $1 AND import_id = $2`, [tx.organisationId, fileId]);
        if (!chunks) throw Problem.conflict('file_not_stored', 'the file of this import is no longer stored; upload it again');
        return this.create(tx, randomUUID(), { ...input, fileName: source.fileName }, { checksum: source.checksum, encoding: source.encoding as 'utf-8', size: Number(source.sizeBytes) }, fileId);
      });
      return { created: true, import: view };
    } catch (error) {
      if (!(error instanceof DuplicateFile)) throw error;
      return { created: false, import: await this.existing(actor, checksum, mappingHash(input.mapping, input.allowDuplicates)) };
    }
  }

  get(actor: Actor, id: string): Promise<ImportView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(SpendImportEntity, { id });
      if (!row) throw Problem.notFound('spend import');
      return toImportView(row);
    });
  }

  /** Newest first, by status, upload date range and file name (case-insensitive substring). */
  list(actor: Actor, filter: ImportFilter): Promise<Page<ImportView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const params: unknown[] = [tx.organisationId];
      const clauses = ['organisation_id = $1'];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        clauses.push(sql.replace('?', `$${params.length}`));
      };
      if (filter.status) add('status = ?', filter.status);
      if (filter.from) add(`created_at >= (?::date)::timestamptz`, filter.from);
      if (filter.to) add(`created_at < ((?::date) + 1)::timestamptz`, filter.to);
      if (filter.fileName) add(`strpos(lower(file_name), lower(?)) > 0`, filter.fileName);
      if (after) {
        params.push(after[0], after[1]);
        clauses.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(limit + 1);
      const ids = await tx.query<{ id: string }>(`SELECT id FROM spend_imports WHERE ${clauses.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`, params);
      const rows = ids.length ? await tx.select(SpendImportEntity, 'i').andWhere('i.id IN (:...ids)', { ids: ids.map((r) => r.id) }).orderBy('i.createdAt', 'DESC').addOrderBy('i.id', 'DESC').getMany() : [];
      return toPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id], toImportView);
    });
  }

  /** Every rejected and duplicate row, by line. */
  issues(actor: Actor, id: string, query: PageQuery): Promise<Page<ImportIssueView>> {
    const limit = pageSize(query);
    const after = Cursor.decode(query.cursor, 1);
    return this.db.tenant(actor, async (tx) => {
      if (!(await tx.findOne(SpendImportEntity, { id }))) throw Problem.notFound('spend import');
      const rows = await tx.query<{ seq: number; line: number; kind: 'rejected' | 'duplicate'; message: string; entry_id: string | null }>(
        `SELECT seq, line, kind, message, entry_id FROM spend_import_issues WHERE organisation_id = $1 AND import_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
        [tx.organisationId, id, after ? Number(after[0]) : 0, limit + 1],
      );
      return toPage(rows, limit, (r) => [r.seq], (r) => ({ line: r.line, kind: r.kind, message: r.message, entryId: r.entry_id }));
    });
  }

  /**
   * POST …/{id}/undo: marks the import `undoing` and queues the worker, which reverses every entry
   * it wrote in one transaction (SpendImportUndoRunner). Asking again while it runs, or after, answers
   * the import as it stands.
   */
  undo(actor: Actor, id: string, reason: string): Promise<{ accepted: boolean; import: ImportView }> {
    return this.db.tenant(actor, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('spend_import'), hashtext($1))`, [id]);
      const row = await tx.findOne(SpendImportEntity, { id });
      if (!row) throw Problem.notFound('spend import');
      if (row.status === 'undoing' || row.status === 'undone') return { accepted: false, import: toImportView(row) };
      if (!UNDOABLE.includes(row.status)) {
        throw Problem.conflict('import_not_undoable', `an import that is ${row.status} wrote no entries to undo${['queued', 'processing'].includes(row.status) ? ' yet; wait until it has finished' : ''}`);
      }
      await tx.query(`UPDATE spend_imports SET status = 'undoing', undo_reason = $3, undone_by_token_id = $4, updated_at = now() WHERE id = $1 AND organisation_id = $2`, [id, tx.organisationId, reason, tx.actor.tokenId]);
      await tx.outbox({ queue: JOBS.spendImportUndo.queue, jobName: JOBS.spendImportUndo.name, payload: { importId: id } });
      await tx.audit({ action: 'spend_import.undo_requested', entityType: 'spend_import', entityId: id, before: { status: row.status }, after: { status: 'undoing', reason } });
      return { accepted: true, import: toImportView((await tx.findOne(SpendImportEntity, { id })) as SpendImportEntity) };
    });
  }

  /**
   * The mapping of the organisation's latest import whose file had this header (any column order),
   * or 404 when none did. `header` is the file's header line as CSV.
   */
  lastMapping(actor: Actor, headerLine: string): Promise<{ importId: string; mapping: Record<string, unknown>; header: string[]; usedAt: string }> {
    let names: string[];
    try {
      names = (parseCsv(headerLine.replace(/^\ufeff/, ''), { to_line: 1, relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];
    } catch {
      throw Problem.validation([{ field: 'header', message: 'header must be the CSV header line, e.g. Invoice Date,Net Amount,Supplier Name' }]);
    }
    const signature = headerSignature(names);
    return this.db.tenant(actor, async (tx) => {
      const [row] = await tx.query<{ id: string; mapping: Record<string, unknown>; header: string[]; created_at: Date }>(
        `SELECT id, mapping, header, created_at FROM spend_imports
          WHERE organisation_id = $1 AND header_signature = $2 AND status IN ('completed', 'completed_with_errors', 'nothing_imported', 'undone')
          ORDER BY created_at DESC LIMIT 1`,
        [tx.organisationId, signature],
      );
      if (!row) throw Problem.notFound('mapping for a file with this header');
      return { importId: row.id, mapping: row.mapping, header: row.header, usedAt: row.created_at.toISOString() };
    });
  }

  private async checkDefaultProject(tx: TenantTx, mapping: ImportMapping): Promise<void> {
    if (mapping.defaults.projectId && !(await ownedProjectIds(tx, [mapping.defaults.projectId])).size) throw Problem.notFound('project');
    if (mapping.splitMappingId) {
      const found = await tx.query(`SELECT 1 FROM spend_split_mappings WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, mapping.splitMappingId]);
      if (!found.length) throw Problem.notFound('split mapping');
    }
  }

  private async create(tx: TenantTx, id: string, input: ImportRequest, stored: { checksum: string; encoding: 'utf-8' | 'windows-1252'; size: number }, rerunOfId: string | null): Promise<ImportView> {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO spend_imports (id, organisation_id, status, mode, file_name, checksum, encoding, size_bytes, mapping, mapping_hash, allow_duplicates, rerun_of_id, created_by_token_id)
       VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (organisation_id, checksum, mapping_hash) WHERE status NOT IN ('failed', 'undone') DO NOTHING RETURNING id`,
      [id, tx.organisationId, input.mode, input.fileName?.slice(0, 255) ?? null, stored.checksum, stored.encoding, stored.size, JSON.stringify(input.mapping), mappingHash(input.mapping, input.allowDuplicates), input.allowDuplicates, rerunOfId, tx.actor.tokenId],
    );
    // Rolling back drops the chunks just written.
    if (!inserted.length) throw new DuplicateFile();
    await tx.outbox({ queue: JOBS.spendImport.queue, jobName: JOBS.spendImport.name, payload: { importId: id } });
    const row = (await tx.findOne(SpendImportEntity, { id })) as SpendImportEntity;
    await tx.audit({
      action: 'spend_import.queued',
      entityType: 'spend_import',
      entityId: id,
      after: { fileName: row.fileName, checksum: row.checksum, sizeBytes: row.sizeBytes, mode: row.mode, allowDuplicates: row.allowDuplicates, rerunOfId },
    });
    return toImportView(row);
  }

  private async existing(actor: Actor, checksum: string, hash: string): Promise<ImportView> {
    const [row] = await this.db.tenant(actor, (tx) =>
      tx.query<{ id: string }>(`SELECT id FROM spend_imports WHERE organisation_id = $1 AND checksum = $2 AND mapping_hash = $3 AND status NOT IN ('failed', 'undone')`, [tx.organisationId, checksum, hash]),
    );
    return this.get(actor, row.id);
  }
}

/** Streams the upload into spend_import_chunks, hashing it and counting lines as it goes. */
async function storeFile(tx: TenantTx, importId: string, file: UploadedFile, skipRows: number): Promise<{ checksum: string; encoding: 'utf-8' | 'windows-1252'; size: number }> {
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  let size = 0;
  let lines = 0;
  const maxLines = MAX_IMPORT_ROWS + skipRows + 1;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await tx.query(`INSERT INTO spend_import_chunks (organisation_id, import_id, seq, data) VALUES ($1, $2, $3, $4)`, [tx.organisationId, importId, seq++, data]);
  };
  try {
    for await (const piece of file) {
      hash.update(piece);
      size += piece.length;
      for (let at = piece.indexOf(10); at !== -1; at = piece.indexOf(10, at + 1)) lines++;
      if (lines > maxLines) throw new Problem(413, 'too_many_rows', `the file has more than ${MAX_IMPORT_ROWS} rows; split it into smaller files`);
      if (validUtf8) {
        try {
          utf8.decode(piece, { stream: true });
        } catch {
          validUtf8 = false;
        }
      }
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= IMPORT_CHUNK_BYTES) await flush();
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new Problem(413, 'file_too_large', 'the file is larger than the upload limit; split it into smaller files');
    throw error;
  }
  // A stream cut at the size limit ends early rather than failing: refuse it before anything commits.
  if (file.truncated) throw new Problem(413, 'file_too_large', 'the file is larger than the upload limit; split it into smaller files');
  if (validUtf8) {
    try {
      utf8.decode();
    } catch {
      validUtf8 = false;
    }
  }
  if (size === 0) throw Problem.validation([{ field: 'file', message: 'the file is empty' }]);
  await flush();
  return { checksum: hash.digest('hex'), encoding: validUtf8 ? 'utf-8' : 'windows-1252', size };
}
