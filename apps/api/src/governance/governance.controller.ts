import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, OrganisationEntity, OrganisationService, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { CoverageService, RatingService, ScanService, toScanView, withDefaults } from '@app/governance';
import { UpdateSettingsDto } from './governance.dto';
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
  @ApiAcceptedResponse({ description: "the scan is queued; follow it at /v1/governance/scans/{id}" })
  async requestScan(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    const scan = await this.scans.request(actor);
    reply.header('location', `/v1/governance/scans/${scan.id}`);
    return toScanView(scan);
  }

  @Get('governance/scans/:id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'status and counts: projects scanned, flags raised, refreshed and resolved' })
  @ApiNotFoundResponse()
  async getScan(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return toScanView(await this.scans.get(actor, id));
  }

  @Get('governance/coverage')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'for each rule, the share of active projects (or programmes) that pass, for the organisation and per programme' })
  getCoverage(@CurrentActor() actor: Actor) {
    return this.coverage.coverage(actor);
  }

  @Get('projects/:id/rating')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the evidence-based rating with the inputs that drove it and the gap to the reported rating' })
  @ApiNotFoundResponse()
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
