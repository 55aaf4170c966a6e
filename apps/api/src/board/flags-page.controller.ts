import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor } from '@app/platform';
import { ProgrammesService } from '@app/portfolio';
import { FlagsService, OpenFlagsFilter, RULES, SEVERITIES } from '@app/governance';
import { UUID_PATTERN } from './board-format';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { pageContext } from './page-context';
import { flagEvidence, flagTitle } from './plain-english';
import type { FilterError } from './portfolio-page.controller';

const SEVERITY_ORDER = [...SEVERITIES].reverse();

/** Reads the flags filter form (a GET form); bad values are reported on the page, not fatal. */
export function parseFlagFilters(query: Record<string, unknown>): { filters: OpenFlagsFilter; errors: FilterError[] } {
  const filters: OpenFlagsFilter = {};
  const errors: FilterError[] = [];
  const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string).trim() : '');
  const rule = text('rule');
  if (rule) {
    if (!RULES.some((r) => r.code === rule)) errors.push({ text: 'Select a check from the list', href: '#rule' });
    else filters.rule = rule;
  }
  const severity = text('severity');
  if (severity) {
    if (!(SEVERITIES as readonly string[]).includes(severity)) errors.push({ text: 'Select a severity from the list', href: '#severity' });
    else filters.severity = severity;
  }
  for (const [key, message] of [
    ['programmeId', 'Select a programme from the list'],
    ['ownerId', 'Select an owner from the list'],
  ] as const) {
    const id = text(key);
    if (!id) continue;
    if (!UUID_PATTERN.test(id)) errors.push({ text: message, href: `#${key}` });
    else filters[key] = id.toLowerCase();
  }
  return { filters, errors };
}

/** Every open flag across the portfolio, worst first, filtered by check, severity, programme and owner. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class FlagsPageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly flags: FlagsService,
    private readonly programmes: ProgrammesService,
  ) {}

  @Get('flags')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { filters, errors } = parseFlagFilters(query);
    const programmes = await this.programmes.list(actor, { limit: 200 });
    // Another organisation's programme (or a hidden one) is answered as any unknown choice.
    if (filters.programmeId && !(await this.programmes.get(actor, filters.programmeId).catch((error: { status?: number }) => (error.status === 404 ? null : Promise.reject(error))))) {
      errors.push({ text: 'Select a programme from the list', href: '#programmeId' });
      delete filters.programmeId;
    }
    const result = errors.length ? { flags: [], more: false, owners: [] } : await this.flags.openAcrossPortfolio(actor, filters);
    const flags = result.flags.map((f) => ({ ...f, title: flagTitle(f.rule), sentence: flagEvidence(f) }));
    return this.renderer.send(
      reply,
      'flags.njk',
      {
        ...pageContext(request),
        title: 'Open flags',
        section: 'flags',
        errors,
        flags,
        more: result.more,
        counts: { total: flags.length, critical: flags.filter((f) => f.severity === 'critical').length, acknowledged: flags.filter((f) => f.status === 'acknowledged').length },
        filters: { rule: filters.rule ?? '', severity: filters.severity ?? '', programmeId: filters.programmeId ?? '', ownerId: filters.ownerId ?? '' },
        ruleOptions: RULES.map((r) => ({ value: r.code, text: flagTitle(r.code) })),
        severityOptions: SEVERITY_ORDER.map((s) => ({ value: s, text: s[0].toUpperCase() + s.slice(1) })),
        programmeOptions: programmes.data.filter((g) => g.status !== 'archived').map((g) => ({ value: g.id, text: `${g.code} ${g.name}` })),
        ownerOptions: result.owners.map((o) => ({ value: o.id, text: o.name })),
      },
      errors.length ? 400 : 200,
    );
  }
}
