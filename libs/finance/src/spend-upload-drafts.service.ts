import { Injectable, Optional } from '@nestjs/common';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { Actor, AppConfig, Db, Problem, TenantTx } from '@app/platform';
import type { ImportMode } from './finance.enums';
import { ImportMapping } from './import-mapping';
import { compileRowReader } from './import-row';
import { spendDateWindow } from './spend-date-window';
import { ImportView, SpendImportsService, UploadedFile } from './spend-imports.service';
import { SpendUploadDraftEntity } from './spend-upload-draft.entity';
import { startMonthOf } from './spend.queries';

/** Largest file the browser form takes (bigger ledger extracts go through POST /v1/spend/imports, streamed). */
export const MAX_DRAFT_BYTES = 20 * 1024 * 1024;
/** Rejected rows a preview lists (it counts them all). */
export const PREVIEW_ISSUES = 50;

export interface UploadDraft {
  id: string;
  fileName: string | null;
  sizeBytes: number;
  createdAt: string;
}

export interface DraftPreview {
  header: string[];
  rows: number;
  valid: number;
  rejected: number;
  issues: { line: number; message: string }[];
  /** A problem with the whole file for this mapping (a mapped column missing): nothing would be imported. */
  failure: string | null;
}

/** The file's text: UTF-8 when it decodes as such, otherwise Windows-1252, as the import reads it. */
function decode(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\ufeff/, '');
  } catch {
    return iconv.decode(data, 'win1252');
  }
}

const readRecords = (data: Buffer, skipRows: number): string[][] =>
  parseCsv(decode(data), { from_line: skipRows + 1, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, skip_records_with_error: true }) as string[][];

/**
 * The board's upload in steps: a chosen file is kept as a draft while its columns are mapped and
 * the rows checked against the mapping, then handed to SpendImportsService as an ordinary import.
 */
@Injectable()
export class SpendUploadDraftsService {
  constructor(
    private readonly db: Db,
    private readonly imports: SpendImportsService,
    @Optional() private readonly config?: AppConfig,
  ) {}

  /** Stores the file (refusing an empty or too large one) and drops the organisation's drafts older than a day. */
  async stage(actor: Actor, fileName: string | null, file: UploadedFile): Promise<UploadDraft> {
    const pieces: Buffer[] = [];
    let size = 0;
    for await (const piece of file) {
      size += piece.length;
      if (size > MAX_DRAFT_BYTES) throw new Problem(413, 'file_too_large', `the file is larger than ${MAX_DRAFT_BYTES / 1024 / 1024} MB; split it, or send it through the API`);
      pieces.push(piece);
    }
    if (file.truncated) throw new Problem(413, 'file_too_large', 'the file is larger than the upload limit; split it into smaller files');
    if (size === 0) throw Problem.validation([{ field: 'file', message: 'the file is empty' }]);
    return this.db.tenant(actor, async (tx) => {
      await tx.query(`DELETE FROM spend_upload_drafts WHERE organisation_id = $1 AND created_at < now() - interval '1 day'`, [tx.organisationId]);
      const row = await tx.insert(SpendUploadDraftEntity, { fileName: fileName?.slice(0, 255) ?? null, sizeBytes: size, data: Buffer.concat(pieces, size) });
      return toDraft(row);
    });
  }

  get(actor: Actor, id: string): Promise<UploadDraft> {
    return this.db.tenant(actor, async (tx) => toDraft(await this.load(tx, id)));
  }

  /** The header row after `skipRows` lines, as written in the file. */
  header(actor: Actor, id: string, skipRows: number): Promise<string[]> {
    return this.db.tenant(actor, async (tx) => (readRecords((await this.load(tx, id)).data, skipRows)[0] ?? []).map((h) => h.trim()));
  }

  /**
   * Reads every row with the mapping exactly as the import will (dates, amounts, projects, suppliers,
   * the accepted date window), without writing anything. Duplicates of entries already in the ledger
   * are found only by the import itself.
   */
  preview(actor: Actor, id: string, mapping: ImportMapping): Promise<DraftPreview> {
    return this.db.tenant(actor, async (tx) => {
      const draft = await this.load(tx, id);
      const [header = [], ...records] = readRecords(draft.data, mapping.skipRows);
      const empty = { header: header.map((h) => h.trim()), rows: records.length, valid: 0, rejected: 0, issues: [] };
      const projects = await tx.query<{ code: string; id: string }>(`SELECT lower(code) AS code, id FROM projects WHERE organisation_id = $1`, [tx.organisationId]);
      const compiled = compileRowReader({
        mapping,
        header,
        projectsByCode: new Map(projects.map((p) => [p.code, p.id])),
        defaultProjectOk: projects.some((p) => p.id === mapping.defaults.projectId),
        startMonth: await startMonthOf(tx),
        organisationId: tx.organisationId,
        importId: draft.id,
        tokenId: null,
        window: spendDateWindow(this.config),
      });
      if (!compiled.ok) return { ...empty, failure: compiled.reason };
      const result: DraftPreview = { ...empty, failure: null };
      records.forEach((record, i) => {
        const outcome = compiled.read(record);
        if (outcome.ok) result.valid++;
        else {
          result.rejected++;
          // Line numbers as in the file: the skipped lines and the header come first.
          if (result.issues.length < PREVIEW_ISSUES) result.issues.push({ line: mapping.skipRows + i + 2, message: outcome.reason });
        }
      });
      return result;
    });
  }

  /** Hands the draft's file to an import (queued for the worker as any upload) and deletes the draft. */
  async submit(actor: Actor, id: string, input: { mapping: ImportMapping; mode: ImportMode; allowDuplicates: boolean }): Promise<{ created: boolean; import: ImportView }> {
    const draft = await this.db.tenant(actor, (tx) => this.load(tx, id));
    const file: UploadedFile = (async function* () {
      yield draft.data;
    })();
    const result = await this.imports.accept(actor, { file, fileName: draft.fileName, mode: input.mode, mapping: input.mapping, allowDuplicates: input.allowDuplicates });
    await this.db.tenant(actor, (tx) => tx.query(`DELETE FROM spend_upload_drafts WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, id]));
    return result;
  }

  private async load(tx: TenantTx, id: string): Promise<SpendUploadDraftEntity> {
    const row = await tx.findOne(SpendUploadDraftEntity, { id });
    if (!row) throw Problem.notFound('uploaded file');
    return row;
  }
}

const toDraft = (d: SpendUploadDraftEntity): UploadDraft => ({ id: d.id, fileName: d.fileName, sizeBytes: d.sizeBytes, createdAt: d.createdAt.toISOString() });
