import '@fastify/multipart';
import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IMPORT_MODES, ImportMapping, ImportMode, ImportView, parseImportMapping, SpendImportsService } from '@app/finance';
import { Actor, Auth, CurrentActor, Problem } from '@app/platform';

const uuid = new ParseUUIDPipe({ version: '4' });

function readFields(fields: Record<string, string>): { mode: ImportMode; mapping: ImportMapping } {
  const mode = (fields.mode ?? 'atomic') as ImportMode;
  if (!IMPORT_MODES.includes(mode)) throw Problem.validation([{ field: 'mode', message: `mode must be one of ${IMPORT_MODES.join(', ')}` }]);
  if (fields.mapping === undefined) throw Problem.validation([{ field: 'mapping', message: 'send the mapping field (JSON) before the file' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(fields.mapping);
  } catch {
    throw Problem.validation([{ field: 'mapping', message: 'mapping must be valid JSON' }]);
  }
  const parsed = parseImportMapping(raw);
  if (!parsed.ok) throw Problem.validation(parsed.errors);
  return { mode, mapping: parsed.mapping };
}

@ApiTags('finance')
@Controller('v1/spend/imports')
export class SpendImportsController {
  constructor(private readonly imports: SpendImportsService) {}

  @Post()
  @Auth('finance:write')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['mapping', 'file'],
      properties: {
        mode: { type: 'string', enum: [...IMPORT_MODES], default: 'atomic' },
        mapping: { type: 'string', description: 'JSON: { columns: { spentOn, amount, supplier?, reference?, description?, projectCode?, category?, costType?, supplierIsSme? }, defaults?, dateFormat?, skipRows? }; send it before the file' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiAcceptedResponse({ description: 'queued; poll GET /v1/spend/imports/{id}' })
  @ApiOkResponse({ description: 'the same file was already imported (or is being imported): that import' })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than the upload limit or has more rows than allowed' })
  async upload(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ImportView> {
    if (!request.isMultipart()) throw new Problem(415, 'unsupported_media_type', 'send multipart/form-data with the fields mode, mapping and file');
    const fields: Record<string, string> = {};
    let result: { created: boolean; import: ImportView } | null;
    try {
      result = await this.receive(actor, request, fields);
    } catch (error) {
      // Raised by @fastify/multipart when the stream passes the configured limit.
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new Problem(413, 'file_too_large', 'the file is larger than the upload limit; split it into smaller files');
      throw error;
    }
    if (!result) throw Problem.validation([{ field: 'file', message: 'attach the CSV in the field "file"' }]);
    reply.status(result.created ? 202 : 200);
    return result.import;
  }

  private async receive(actor: Actor, request: FastifyRequest, fields: Record<string, string>): Promise<{ created: boolean; import: ImportView } | null> {
    let result: { created: boolean; import: ImportView } | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || result) {
          part.file.resume();
          throw Problem.validation([{ field: part.fieldname, message: 'send exactly one file, in the field "file"' }]);
        }
        const { mode, mapping } = readFields(fields);
        result = await this.imports.accept(actor, { file: part.file, fileName: part.filename || null, mode, mapping });
      } else if (['mode', 'mapping'].includes(part.fieldname)) {
        fields[part.fieldname] = String(part.value);
      } else {
        throw Problem.validation([{ field: part.fieldname, message: `${part.fieldname} is not a known field; send mode, mapping and file` }]);
      }
    }
    return result;
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'status, row counts (processedRows grows while it runs) and rejected rows with line numbers' })
  @ApiNotFoundResponse({ description: 'no such import in this organisation' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.imports.get(actor, id);
  }
}
