import type { Multipart } from '@fastify/multipart';
import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor, Problem, ParseIdPipe } from '@app/platform';
import { ProjectsService } from '@app/portfolio';
import { DATE_FORMATS, IMPORT_MODES, MAX_DRAFT_BYTES, NEGATIVE_POLICIES, SpendImportsService, SpendUploadDraftsService } from '@app/finance';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { FormBody, FormErrors, seeOther, text } from './form-fields';
import { pageContext } from './page-context';
import { COLUMN_FIELDS, DATE_FORMAT_LABELS, formFromMapping, MappingForm, mappingFromForm, MODE_LABELS, NEGATIVE_LABELS, readMappingForm } from './spend-upload-mapping';

const UUID = new ParseIdPipe();
const UNDO_REASON_MAX = 400;
const ISSUES_PAGE = 100;
const STATUS_LABELS: Record<string, { text: string; tag: string }> = {
  queued: { text: 'Waiting to start', tag: 'govuk-tag--grey' },
  processing: { text: 'Importing', tag: 'govuk-tag--blue' },
  completed: { text: 'Imported', tag: 'govuk-tag--green' },
  completed_with_errors: { text: 'Imported, with rows left out', tag: 'govuk-tag--yellow' },
  nothing_imported: { text: 'Nothing imported', tag: 'govuk-tag--yellow' },
  failed: { text: 'Failed: nothing stored', tag: 'govuk-tag--red' },
  undoing: { text: 'Being undone', tag: 'govuk-tag--blue' },
  undone: { text: 'Undone', tag: 'govuk-tag--grey' },
};

/**
 * A finance officer's spend upload in the browser: choose a CSV, map its columns (the mapping last
 * used for a file with the same columns is offered), see which rows would be refused, import it as
 * an ordinary import, then follow its status and issues, and undo it. Organisation finance roles only.
 */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board/spend')
export class SpendUploadController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly drafts: SpendUploadDraftsService,
    private readonly imports: SpendImportsService,
    private readonly projects: ProjectsService,
  ) {}

  @Get('imports')
  @BoardPage('finance:write')
  async list(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const recent = (await this.imports.list(actor, { limit: 20 })).data;
    return this.renderer.send(reply, 'spend-imports.njk', { ...pageContext(request), title: 'Spend imports', section: 'spend', imports: recent.map((i) => ({ ...i, label: STATUS_LABELS[i.status] })) });
  }

  @Get('imports/new')
  @BoardPage('finance:write')
  chooseFile(@Req() request: BoardRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    return this.renderer.send(reply, 'spend-upload-file.njk', { ...pageContext(request), title: 'Upload a spend file', section: 'spend', maxMb: MAX_DRAFT_BYTES / 1024 / 1024 });
  }

  /** The file form posts multipart/form-data: the session token first (checked by the guard), then the file. */
  @Post('uploads')
  @BoardPage('finance:write')
  async upload(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const errors = new FormErrors();
    try {
      const part = request.boardParts ? await request.boardParts.next() : { done: true as const, value: undefined };
      const file = part.done ? null : (part.value as Multipart);
      if (!file || file.type !== 'file' || file.fieldname !== 'file' || !file.filename) {
        if (file?.type === 'file') file.file.resume();
        errors.add('file', 'Select a CSV file');
      } else if (!/\.(csv|txt)$/i.test(file.filename)) {
        file.file.resume();
        errors.add('file', 'The selected file must be a CSV file (ending .csv)');
      } else {
        const draft = await this.drafts.stage(actor, file.filename, file.file);
        return seeOther(reply, `/board/spend/uploads/${draft.id}`);
      }
    } catch (error) {
      const problem = error as Problem & { code?: string };
      if (problem.status === 413 || problem.code === 'FST_REQ_FILE_TOO_LARGE') errors.add('file', `The selected file must be smaller than ${MAX_DRAFT_BYTES / 1024 / 1024} MB; split it into smaller files`);
      else if (problem.status === 400 && problem.code === 'validation_failed') errors.add('file', 'The selected file is empty');
      else throw error;
    }
    return this.renderer.send(reply, 'spend-upload-file.njk', { ...pageContext(request), title: 'Upload a spend file', section: 'spend', maxMb: MAX_DRAFT_BYTES / 1024 / 1024, errors: errors.list, fieldErrors: errors.byField }, 400);
  }

  @Get('uploads/:id')
  @BoardPage('finance:write')
  async mappingForm(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const draft = await this.drafts.get(actor, id);
    let header = await this.drafts.header(actor, id, 0);
    const last = header.length ? await this.imports.lastMapping(actor, header.map(csvCell).join(',')).catch((error: Problem) => (error.status === 404 ? null : Promise.reject(error))) : null;
    const skipRows = Number((last?.mapping as { skipRows?: number } | undefined)?.skipRows ?? 0);
    if (skipRows) header = await this.drafts.header(actor, id, skipRows);
    return this.renderMapping(actor, request, reply, draft, header, formFromMapping(last?.mapping ?? null, header), last ? { usedAt: last.usedAt, importId: last.importId } : null);
  }

  /** action=preview checks every row against the mapping; action=import queues the import; action=change goes back to the mapping. */
  @Post('uploads/:id')
  @BoardPage('finance:write')
  async submitMapping(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const draft = await this.drafts.get(actor, id);
    const form = readMappingForm(body);
    const skipRows = /^\d{1,3}$/.test(form.skipRows) && Number(form.skipRows) <= 100 ? Number(form.skipRows) : 0;
    const header = await this.drafts.header(actor, id, skipRows);
    const action = text(body, 'action');
    if (action === 'change') return this.renderMapping(actor, request, reply, draft, header, form, null);
    const errors = new FormErrors();
    const projectIds = new Set((await this.projects.list(actor, { limit: 500 })).data.map((p) => p.id));
    const read = mappingFromForm(form, header, projectIds, errors);
    if (!read) return this.renderMapping(actor, request, reply, draft, header, form, null, errors);
    if (action === 'import') {
      const result = await this.drafts.submit(actor, id, { mapping: read.mapping, mode: read.mode, allowDuplicates: false });
      return seeOther(reply, `/board/spend/imports/${result.import.id}${result.created ? '' : '?already=1'}`);
    }
    const preview = await this.drafts.preview(actor, id, read.mapping);
    if (preview.failure) {
      errors.add('col-spentOn', `The file cannot be read with this mapping: ${preview.failure}`);
      return this.renderMapping(actor, request, reply, draft, header, form, null, errors);
    }
    const fields = Object.entries(form).map(([name, value]) => ({ name, value }));
    return this.renderer.send(reply, 'spend-upload-preview.njk', { ...pageContext(request), title: 'Check the file before importing', section: 'spend', draft, preview, fields, mode: MODE_LABELS[read.mode], atomic: read.mode === 'atomic' });
  }

  @Get('imports/:id')
  @BoardPage('finance:write')
  async status(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const found = await this.imports.get(actor, id);
    const query = request.query as Record<string, string | undefined>;
    return this.renderStatus(request, reply, found, { already: query.already === '1', undo: query.undo === 'requested' });
  }

  @Post('imports/:id/undo')
  @BoardPage('finance:write')
  async undo(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const found = await this.imports.get(actor, id);
    const reason = text(body, 'reason');
    const errors = new FormErrors();
    if (!reason) errors.add('reason', 'Enter why the import is being undone');
    else if (reason.length > UNDO_REASON_MAX) errors.add('reason', `The reason must be ${UNDO_REASON_MAX} characters or fewer`);
    if (errors.any) return this.renderStatus(request, reply, found, { reason, errors }, 400);
    await this.imports.undo(actor, id, reason);
    return seeOther(reply, `/board/spend/imports/${id}?undo=requested`);
  }

  @Get('imports/:id/issues')
  @BoardPage('finance:write')
  async issues(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const found = await this.imports.get(actor, id);
    const cursor = (request.query as Record<string, string | undefined>).cursor;
    const page = await this.imports.issues(actor, id, { limit: ISSUES_PAGE, ...(cursor ? { cursor } : {}) });
    return this.renderer.send(reply, 'spend-import-issues.njk', { ...pageContext(request), title: 'Rows left out of the import', section: 'spend', found, issues: page.data, next: page.nextCursor ?? null });
  }

  private renderStatus(request: BoardRequest, reply: FastifyReply, found: Awaited<ReturnType<SpendImportsService['get']>>, extra: { already?: boolean; undo?: boolean; reason?: string; errors?: FormErrors }, status = 200): string {
    return this.renderer.send(
      reply,
      'spend-import.njk',
      {
        ...pageContext(request),
        title: `Spend import: ${found.fileName ?? 'file'}`,
        section: 'spend',
        found,
        label: STATUS_LABELS[found.status],
        running: ['queued', 'processing', 'undoing'].includes(found.status),
        undoable: ['completed', 'completed_with_errors'].includes(found.status),
        already: extra.already ?? false,
        undoRequested: extra.undo ?? false,
        reason: extra.reason ?? '',
        ...(extra.errors ? { errors: extra.errors.list, fieldErrors: extra.errors.byField } : {}),
      },
      status,
    );
  }

  private async renderMapping(actor: Actor, request: BoardRequest, reply: FastifyReply, draft: { id: string; fileName: string | null }, header: string[], form: MappingForm, reused: { usedAt: string; importId: string } | null, errors?: FormErrors): Promise<string> {
    const projects = (await this.projects.list(actor, { limit: 500 })).data.filter((p) => p.status !== 'closed').sort((a, b) => a.code.localeCompare(b.code));
    return this.renderer.send(
      reply,
      'spend-upload-mapping.njk',
      {
        ...pageContext(request),
        title: 'Match the columns',
        section: 'spend',
        draft,
        header,
        form,
        reused,
        columnFields: COLUMN_FIELDS,
        dateFormats: DATE_FORMATS.map((f) => ({ value: f, text: DATE_FORMAT_LABELS[f] ?? f })),
        negatives: NEGATIVE_POLICIES.map((n) => ({ value: n, text: NEGATIVE_LABELS[n] })),
        modes: IMPORT_MODES.map((m) => ({ value: m, ...MODE_LABELS[m] })),
        projects: projects.map((p) => ({ value: p.id, text: `${p.code} ${p.name}` })),
        ...(errors ? { errors: errors.list, fieldErrors: errors.byField } : {}),
      },
      errors ? 400 : 200,
    );
  }
}

/** A header name as one CSV cell, for asking for the last mapping of a file with this header. */
const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
