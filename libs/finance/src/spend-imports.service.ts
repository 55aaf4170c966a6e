import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Actor, Db, JOBS, Problem, TenantTx } from '@app/platform';
import type { ImportMode } from './finance.enums';
import { ImportMapping } from './import-mapping';
import { SpendImportEntity } from './spend-import.entity';
import { ownedProjectIds } from './spend.queries';

/** Stored chunk size: big enough that a 100 MB file is a hundred rows, small enough to stream. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024;
/** Most data rows one import may hold (the file-size limit is AppConfig.uploadLimitBytes). */
export const MAX_IMPORT_ROWS = 2_000_000;

export interface ImportView {
  id: string;
  status: string;
  mode: ImportMode;
  fileName: string | null;
  checksum: string;
  encoding: string;
  sizeBytes: string;
  mapping: Record<string, unknown>;
  totalRows: number | null;
  processedRows: number;
  importedRows: number;
  rejectedRows: number;
  errors: { line: number; message: string }[];
  failureReason: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export const toImportView = (i: SpendImportEntity): ImportView => ({
  id: i.id,
  status: i.status,
  mode: i.mode,
  fileName: i.fileName,
  checksum: i.checksum,
  encoding: i.encoding,
  sizeBytes: i.sizeBytes,
  mapping: i.mapping,
  totalRows: i.totalRows,
  processedRows: i.processedRows,
  importedRows: i.importedRows,
  rejectedRows: i.rejectedRows,
  errors: i.errors,
  failureReason: i.failureReason,
  createdAt: i.createdAt.toISOString(),
  startedAt: i.startedAt ? i.startedAt.toISOString() : null,
  completedAt: i.completedAt ? i.completedAt.toISOString() : null,
});

class DuplicateFile extends Error {}

/**
 * Accepts CSV uploads: the file is streamed into PostgreSQL in chunks (never whole in memory),
 * checksummed, its encoding decided, and a job queued through the outbox, all in one transaction.
 * The same file again (same checksum, not failed) is answered with the first import.
 */
@Injectable()
export class SpendImportsService {
  constructor(private readonly db: Db) {}

  async accept(actor: Actor, input: { file: AsyncIterable<Buffer> & { truncated?: boolean }; fileName: string | null; mode: ImportMode; mapping: ImportMapping }): Promise<{ created: boolean; import: ImportView }> {
    let checksum = '';
    try {
      const view = await this.db.tenant(actor, async (tx) => {
        if (input.mapping.defaults.projectId && !(await ownedProjectIds(tx, [input.mapping.defaults.projectId])).size) throw Problem.notFound('project');
        const id = randomUUID();
        const stored = await storeFile(tx, id, input.file, input.mapping.skipRows);
        checksum = stored.checksum;
        const inserted = await tx.query<{ id: string }>(
          `INSERT INTO spend_imports (id, organisation_id, status, mode, file_name, checksum, encoding, size_bytes, mapping, created_by_token_id)
           VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (organisation_id, checksum) WHERE status <> 'failed' DO NOTHING RETURNING id`,
          [id, tx.organisationId, input.mode, input.fileName?.slice(0, 255) ?? null, stored.checksum, stored.encoding, stored.size, JSON.stringify(input.mapping), tx.actor.tokenId],
        );
        // Rolling back drops the chunks just written.
        if (!inserted.length) throw new DuplicateFile();
        await tx.outbox({ queue: JOBS.spendImport.queue, jobName: JOBS.spendImport.name, payload: { importId: id } });
        const row = (await tx.findOne(SpendImportEntity, { id })) as SpendImportEntity;
        await tx.audit({ action: 'spend_import.queued', entityType: 'spend_import', entityId: id, after: { fileName: row.fileName, checksum: row.checksum, sizeBytes: row.sizeBytes, mode: row.mode } });
        return toImportView(row);
      });
      return { created: true, import: view };
    } catch (error) {
      if (!(error instanceof DuplicateFile)) throw error;
      const existing = await this.db.tenant(actor, (tx) => tx.query<{ id: string }>(`SELECT id FROM spend_imports WHERE organisation_id = $1 AND checksum = $2 AND status <> 'failed'`, [tx.organisationId, checksum]));
      return { created: false, import: await this.get(actor, existing[0].id) };
    }
  }

  get(actor: Actor, id: string): Promise<ImportView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(SpendImportEntity, { id });
      if (!row) throw Problem.notFound('spend import');
      return toImportView(row);
    });
  }
}

/** Streams the upload into spend_import_chunks, hashing it and counting lines as it goes. */
async function storeFile(tx: TenantTx, importId: string, file: AsyncIterable<Buffer> & { truncated?: boolean }, skipRows: number): Promise<{ checksum: string; encoding: 'utf-8' | 'windows-1252'; size: number }> {
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
