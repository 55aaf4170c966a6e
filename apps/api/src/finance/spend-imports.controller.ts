import '@fastify/multipart';
import type { Multipart } from '@fastify/multipart';
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConflictResponse, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IMPORT_MODES, ImportMapping, ImportMode, ImportView, parseImportMapping, SpendImportsService } from '@app/finance';
import { Actor, ApiPageResponse, Auth, CurrentActor, PageQuery, Problem, ParseIdPipe } from '@app/platform';
import { ImportIssueResponse, ImportResponse, LastMappingResponse } from './spend-imports.responses';
import { ImportListQuery, LastMappingQuery, RerunImportDto, UndoImportDto } from './spend-imports.dto';

const uuid = new ParseIdPipe();
const FIELDS = ['mode', 'mapping', 'allowDuplicates'];
const ONE_FILE = () => Problem.validation([{ field: 'file', message: 'send exactly one file, in the field "file"; nothing was stored' }]);

function readMapping(raw: unknown): ImportMapping {
  const parsed = parseImportMapping(raw);
  if (!parsed.ok) throw Problem.validation(parsed.errors);
  return parsed.mapping;
}

function readFields(fields: Record<string, string>): { mode: ImportMode; mapping: ImportMapping; allowDuplicates: boolean } {
  const mode = (fields.mode ?? 'atomic') as ImportMode;
  if (!IMPORT_MODES.includes(mode)) throw Problem.validation([{ field: 'mode', message: `mode must be one of ${IMPORT_MODES.join(', ')}` }]);
  const allow = fields.allowDuplicates ?? 'false';
  if (allow !== 'true' && allow !== 'false') throw Problem.validation([{ field: 'allowDuplicates', message: 'allowDuplicates must be true or false' }]);
  if (fields.mapping === undefined) throw Problem.validation([{ field: 'mapping', message: 'send the mapping field (JSON) before the file' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(fields.mapping);
  } catch {
    throw Problem.validation([{ field: 'mapping', message: 'mapping must be valid JSON' }]);
  }
  return { mode, mapping: readMapping(raw), allowDuplicates: allow === 'true' };
}

/** Multipart errors that say the request itself is wrong, as problems; nothing has been stored when they are thrown. */
function multipartProblem(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new Problem(413, 'file_too_large', 'the file is larger than the upload limit; split it into smaller files');
  if (code === 'FST_FILES_LIMIT') return ONE_FILE();
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return Problem.validation([{ field: 'file', message: 'send only the fields mode, mapping, allowDuplicates and file' }]);
  return error;
}

@ApiTags('finance')
@Controller('v1/spend/imports')
export class SpendImportsController {
  constructor(private readonly imports: SpendImportsService) {}

  @Post()
  @Auth('finance:write')
  @ApiOperation({
    summary: 'Import spend from a CSV file',
    description:
      'Upload a finance-system extract as multipart/form-data: the fields mode, mapping (JSON) and allowDuplicates first, then exactly one file. The file is stored and a worker imports it; poll the import. The same file with the same mapping again answers the first import instead of importing twice.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['mapping', 'file'],
      properties: {
        mode: { type: 'string', enum: [...IMPORT_MODES], default: 'atomic' },
        mapping: { type: 'string', example: '{"columns":{"spentOn":"Invoice Date","amount":"Net Amount","supplier":"Supplier Name"},"defaults":{"projectId":"6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f","category":"resource","costType":"suppliers"},"dateFormat":"dd/MM/yyyy"}', description: 'JSON: { columns: { spentOn, amount, supplier?, reference?, description?, projectCode? or split?, category?, costType?, supplierIsSme?, kind?, orderNumber? }, defaults?, dateFormat?, skipRows?, negatives? (reject|credit_note|journal), splitMappingId?, linkSuppliers? }; send it before the file (docs/FINANCE.md)' },
        allowDuplicates: { type: 'string', enum: ['false', 'true'], default: 'false', description: 'import rows the ledger already holds anyway (audited); before the file' },
        file: { type: 'string', format: 'binary', description: 'exactly one CSV file, sent last' },
      },
    },
  })
  @ApiAcceptedResponse({ description: 'queued; poll GET /v1/spend/imports/{id}', type: ImportResponse })
  @ApiOkResponse({ description: 'the same file with the same mapping was already imported (or is being imported): that import', type: ImportResponse })
  @ApiPayloadTooLargeResponse({ description: 'file_too_large or too_many_rows: the file is larger than the upload limit or has more rows than allowed; nothing is stored' })
  @ApiNotFoundResponse({ description: 'the default project or the split mapping named in the mapping is not in this organisation' })
  async upload(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ImportView> {
    if (!request.isMultipart()) throw new Problem(415, 'unsupported_media_type', 'send multipart/form-data with the fields mode, mapping and file');
    let result: { created: boolean; import: ImportView } | null;
    try {
      result = await this.receive(actor, request);
    } catch (error) {
      throw multipartProblem(error);
    }
    if (!result) throw Problem.validation([{ field: 'file', message: 'attach the CSV in the field "file"' }]);
    reply.status(result.created ? 202 : 200);
    return result.import;
  }

  /**
   * Fields first, then the one file, which is stored inside a transaction that also reads the rest
   * of the request: a second file or any field after the file rolls everything back.
   */
  private async receive(actor: Actor, request: FastifyRequest): Promise<{ created: boolean; import: ImportView } | null> {
    const fields: Record<string, string> = {};
    const parts = request.parts()[Symbol.asyncIterator]() as AsyncIterator<Multipart>;
    for (let next = await parts.next(); !next.done; next = await parts.next()) {
      const part = next.value;
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw ONE_FILE();
        }
        const { mode, mapping, allowDuplicates } = readFields(fields);
        const rest = async () => {
          const after = await parts.next();
          if (after.done) return;
          if (after.value.type === 'file') {
            after.value.file.resume();
            throw ONE_FILE();
          }
          throw Problem.validation([{ field: after.value.fieldname, message: `${after.value.fieldname} came after the file; send mode, mapping and allowDuplicates before the one file, and nothing after it; nothing was stored` }]);
        };
        return this.imports.accept(actor, { file: part.file, fileName: part.filename || null, mode, mapping, allowDuplicates, rest });
      }
      if (!FIELDS.includes(part.fieldname)) throw Problem.validation([{ field: part.fieldname, message: `${part.fieldname} is not a known field; send mode, mapping, allowDuplicates and file` }]);
      fields[part.fieldname] = String(part.value);
    }
    return null;
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List spend imports', description: 'Newest first, a page at a time; filter by status, upload date and part of the file name.' })
  @ApiPageResponse(ImportResponse, 'imports, newest first, filtered by status, upload date and file name')
  list(@CurrentActor() actor: Actor, @Query() query: ImportListQuery) {
    return this.imports.list(actor, query);
  }

  @Get('last-mapping')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'The last mapping used for a file of this shape', description: 'The mapping of the latest import of a file with the same header (in any column order), to offer again when the same extract is uploaded.' })
  @ApiOkResponse({ description: 'the mapping of the latest import of a file with this header (in any column order), to offer again', type: LastMappingResponse })
  @ApiNotFoundResponse({ description: 'no import of a file with this header yet' })
  lastMapping(@CurrentActor() actor: Actor, @Query() query: LastMappingQuery) {
    return this.imports.lastMapping(actor, query.header);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a spend import' })
  @ApiOkResponse({ description: 'status, row counts (processedRows grows while it runs), the first rejected and duplicate rows and how many more there are', type: ImportResponse })
  @ApiNotFoundResponse({ description: 'no such import in this organisation' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.imports.get(actor, id);
  }

  @Get(':id/issues')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "List a spend import's rejected and duplicate rows", description: 'Every rejected and duplicate row by line, a page at a time.' })
  @ApiPageResponse(ImportIssueResponse, 'every rejected and duplicate row by line (kind, message, and for a duplicate the entry it matches)')
  @ApiNotFoundResponse({ description: 'no such import in this organisation' })
  issues(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: PageQuery) {
    return this.imports.issues(actor, id, query);
  }

  @Post(':id/undo')
  @Auth('finance:write')
  @ApiOperation({ summary: 'Undo a spend import', description: 'Reverses every entry the import wrote, in one transaction in the worker (the ledger is append-only: undoing adds reversals). Asking again while it is undoing, or after, answers the import as it stands.' })
  @ApiAcceptedResponse({ description: 'undoing: the worker reverses every entry of the import in one transaction; poll the import until it is undone', type: ImportResponse })
  @ApiOkResponse({ description: 'already undoing or undone: the import as it stands', type: ImportResponse })
  @ApiConflictResponse({ description: 'import_not_undoable: the import wrote no entries (failed, nothing imported) or has not finished' })
  @ApiNotFoundResponse({ description: 'no such import in this organisation' })
  async undo(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: UndoImportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.imports.undo(actor, id, body.reason);
    reply.status(result.accepted ? 202 : 200);
    return result.import;
  }

  @Post(':id/rerun')
  @Auth('finance:write')
  @ApiOperation({ summary: 'Re-run a spend import with another mapping', description: "A new import of the earlier import's stored file, read with the mapping sent (for example after a wrong date format). The file need not be uploaded again." })
  @ApiAcceptedResponse({ description: 'a new import of the same stored file with this mapping, queued', type: ImportResponse })
  @ApiOkResponse({ description: 'the file was already imported with this mapping: that import', type: ImportResponse })
  @ApiConflictResponse({ description: 'import_in_progress: the import has not finished; file_not_stored: its file is no longer stored' })
  @ApiNotFoundResponse({ description: 'no such import in this organisation, or a project or split mapping the mapping names' })
  async rerun(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: RerunImportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.imports.rerun(actor, id, { mapping: readMapping(body.mapping), mode: body.mode ?? 'atomic', allowDuplicates: body.allowDuplicates ?? false });
    reply.status(result.created ? 202 : 200);
    return result.import;
  }
}
