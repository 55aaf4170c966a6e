import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, OrganisationEntity, OrganisationService, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { CoverageService, RatingService, ScanService, toScanView, withDefaults } from '@app/governance';
import { UpdateSettingsDto } from './governance.dto';
import { CoverageResponse, RatingResponse, ScanResponse } from './governance.responses';
import { OrganisationSettingsResponse } from '../platform/organisation-settings.responses';

const uuid = new ParseIdPipe();

const toSettingsView = (org: OrganisationEntity) => ({
  financialYearStartMonth: org.financialYearStartMonth,
  governance: withDefaults(org.settings.governance as never),
  version: org.version,
});

@ApiTags('governance')
@Controller('v1')
export class GovernanceController {
  constructor(
    private readonly scans: ScanService,
    private readonly ratings: RatingService,
    private readonly coverage: CoverageService,
    private readonly organisations: OrganisationService,
  ) {}

  @Post('governance/scans')
  @HttpCode(202)
  @Auth('governance:write')
  @ApiOperation({
    summary: 'Run the governance scan now',
    description: "Queues a scan of the organisation's projects and programmes against every governance rule, outside the nightly schedule. While one is still queued, asking again answers that one.",
  })
  @ApiAcceptedResponse({ description: 'the scan is queued; follow it at the URL in Location', type: ScanResponse, headers: { Location: { $ref: '#/components/headers/Location' } } })
  async requestScan(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    const scan = await this.scans.request(actor);
    reply.header('location', `/v1/governance/scans/${scan.id}`);
    return toScanView(scan);
  }

  @Get('governance/scans/:id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a governance scan' })
  @ApiOkResponse({ description: 'status and counts: projects scanned, flags raised, refreshed and resolved', type: ScanResponse })
  @ApiNotFoundResponse({ description: 'no such scan in this organisation' })
  async getScan(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return toScanView(await this.scans.get(actor, id));
  }

  @Get('governance/coverage')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Governance coverage', description: "For each governance rule, how many active projects (or programmes) pass it, with no unresolved flag: the organisation's and each active programme's." })
  @ApiOkResponse({ description: 'for each rule, the share of active projects (or programmes) that pass, for the organisation and per programme', type: CoverageResponse })
  getCoverage(@CurrentActor() actor: Actor) {
    return this.coverage.coverage(actor);
  }

  @Get('projects/:id/rating')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "A project's evidence-based rating", description: 'The delivery confidence the evidence (KPIs, finance, critical flags) supports, with the inputs that drove it and the gap to the rating the project reported. Only active projects are rated.' })
  @ApiOkResponse({ description: 'the evidence-based rating with the inputs that drove it and the gap to the reported rating', type: RatingResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  @ApiConflictResponse({ description: 'not_rated: the project is not active, so it is not rated' })
  rating(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.ratings.forProject(actor, id);
  }

  @Get('organisation/settings')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "Read the organisation's settings", description: 'The governance thresholds the rules use (the defaults where the organisation set none) and the month its financial year starts.' })
  @ApiOkResponse({ description: 'governance thresholds (with defaults) and the financial-year start month; the version in ETag', type: OrganisationSettingsResponse })
  async settings(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, toSettingsView(await this.organisations.get(actor.organisationId)));
  }

  @Patch('organisation/settings')
  @Auth('admin')
  @ApiOperation({ summary: "Change the organisation's settings", description: 'Changes the thresholds and the financial-year start month sent; the next governance scan uses them. Needs If-Match with the ETag last read (412 when stale, 428 without).' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the settings after the change', type: OrganisationSettingsResponse })
  async updateSettings(@CurrentActor() actor: Actor, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateSettingsDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const version = requireIfMatch(ifMatch);
    const governance = body.governance ? Object.fromEntries(Object.entries(body.governance).filter(([, v]) => v !== undefined)) : undefined;
    const org = await this.organisations.updateSettings(actor, version, {
      financialYearStartMonth: body.financialYearStartMonth,
      section: governance ? { name: 'governance', values: governance } : undefined,
    });
    return withEtag(reply, toSettingsView(org));
  }
}
