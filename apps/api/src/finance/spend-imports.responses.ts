import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMPORT_MODES, IMPORT_STATUSES, type ImportIssueView, type ImportMode, type ImportStatus, type ImportView } from '@app/finance';

/* Response schemas for the OpenAPI document; each `implements` the view the service answers with. */

export class ImportRowErrorResponse {
  @ApiProperty({ minimum: 1, example: 14, description: 'the line in the file' }) line!: number;
  @ApiProperty({ example: 'amount: "12,50" is not a decimal amount' }) message!: string;
  @ApiPropertyOptional({ enum: ['rejected', 'duplicate'] }) kind?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'a duplicate: the ledger entry it matches' }) entryId?: string;
}

export class UnmappedValueResponse {
  @ApiProperty({ example: 'Leisure Services' }) value!: string;
  @ApiProperty({ minimum: 0 }) rows!: number;
  @ApiProperty({ enum: ['rejected', 'holding'] }) outcome!: 'rejected' | 'holding';
}

export class ImportResponse implements ImportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: ImportStatus;
  @ApiProperty({ enum: IMPORT_MODES, description: 'atomic: one bad row fails the import; partial: good rows are written, bad ones listed' }) mode!: ImportMode;
  @ApiProperty({ description: 'rows the ledger already holds are imported anyway (audited)' }) allowDuplicates!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'payments-2026-04.csv' }) fileName!: string | null;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the file' }) checksum!: string;
  @ApiProperty({ enum: ['utf-8', 'windows-1252'], description: 'decided at upload' }) encoding!: string;
  @ApiProperty({ pattern: '^\\d+$', example: '48213', description: 'the file size in bytes, as a decimal string' }) sizeBytes!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the mapping as stored: columns, defaults, dateFormat, skipRows, negatives, splitMappingId' }) mapping!: Record<string, unknown>;
  @ApiProperty({ type: [String], nullable: true, example: ['Invoice Date', 'Net Amount', 'Supplier Name'], description: "the file's header as read; null until the worker has read it" }) header!: string[] | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the import whose stored file this one re-runs' }) rerunOfId!: string | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'null until the worker has counted the rows' }) totalRows!: number | null;
  @ApiProperty({ minimum: 0, description: 'grows while the import runs' }) processedRows!: number;
  @ApiProperty({ minimum: 0 }) importedRows!: number;
  @ApiProperty({ minimum: 0 }) rejectedRows!: number;
  @ApiProperty({ minimum: 0 }) duplicateRows!: number;
  @ApiProperty({ type: [ImportRowErrorResponse], description: 'the first rejected and duplicate rows; GET …/issues pages through all of them' }) errors!: ImportRowErrorResponse[];
  @ApiProperty({ minimum: 0, description: 'rejected and duplicate rows not shown in errors' }) errorsOmitted!: number;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty({ type: [UnmappedValueResponse], nullable: true, description: "a split import's values with no project" }) unmappedValues!: UnmappedValueResponse[] | null;
  @ApiProperty({ minimum: 0, description: 'entries reversed by an undo' }) reversedRows!: number;
  @ApiProperty({ type: String, nullable: true }) undoReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) undoneAt!: string | null;
}

export class ImportIssueResponse implements ImportIssueView {
  @ApiProperty({ minimum: 1, example: 14 }) line!: number;
  @ApiProperty({ enum: ['rejected', 'duplicate'] }) kind!: 'rejected' | 'duplicate';
  @ApiProperty({ example: 'matches an entry already in the ledger (same project, date, amount, supplier and reference)' }) message!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'a duplicate: the ledger entry it matches' }) entryId!: string | null;
}

export class LastMappingResponse {
  @ApiProperty({ format: 'uuid', description: 'the import that used it' }) importId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the mapping to offer again' }) mapping!: Record<string, unknown>;
  @ApiProperty({ type: [String], example: ['Invoice Date', 'Cost Centre', 'Supplier Name', 'Net Amount'] }) header!: string[];
  @ApiProperty({ format: 'date-time' }) usedAt!: string;
}
