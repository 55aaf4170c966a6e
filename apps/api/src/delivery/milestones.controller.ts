import { Body, Controller, Get, Headers, Param, Patch, Post, Put, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MilestonesService } from '@app/delivery';
import { Actor, answerCreated, Auth, CreatedAt, CurrentActor, ParseIdPipe, withEtag } from '@app/platform';
import { ExternalRefParams } from '../portfolio/portfolio.dto';
import { MilestoneResponse } from './delivery.responses';
import { NewMilestoneDto, RebaselineDto, UpdateMilestoneDto, UpsertMilestoneDto } from './milestones.dto';

const uuid = new ParseIdPipe();

/** Milestones of projects and programmes; a new baseline only by a re-baseline decision. */
@ApiTags('delivery')
@Controller('v1')
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @Post('projects/:id/milestones')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Add a milestone to a project', description: 'Its baseline date is fixed once set; only a re-baseline decision changes it.' })
  @ApiCreatedResponse({ description: 'the milestone, its version in ETag', type: MilestoneResponse })
  @ApiNotFoundResponse()
  async createForProject(@CurrentActor() actor: Actor, @Param('id', uuid) projectId: string, @Body() body: NewMilestoneDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.milestones.create(actor, { projectId }, body));
  }

  @Post('programmes/:id/milestones')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Add a milestone to a programme itself' })
  @ApiCreatedResponse({ description: 'the milestone, its version in ETag', type: MilestoneResponse })
  @ApiNotFoundResponse()
  async createForProgramme(@CurrentActor() actor: Actor, @Param('id', uuid) programmeId: string, @Body() body: NewMilestoneDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.milestones.create(actor, { programmeId }, body));
  }

  @Get('projects/:id/milestones')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "A project's milestones", description: 'By current baseline, each with its slip against it and its re-baselines.' })
  @ApiOkResponse({ type: [MilestoneResponse] })
  @ApiNotFoundResponse()
  listForProject(@CurrentActor() actor: Actor, @Param('id', uuid) projectId: string) {
    return this.milestones.list(actor, { projectId });
  }

  @Get('programmes/:id/milestones')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "A programme's milestones", description: "The programme's own and its projects', by current baseline." })
  @ApiOkResponse({ type: [MilestoneResponse] })
  @ApiNotFoundResponse()
  listForProgramme(@CurrentActor() actor: Actor, @Param('id', uuid) programmeId: string) {
    return this.milestones.list(actor, { programmeId });
  }

  @Put('milestones/by-ref/:source/:externalId')
  @Auth('portfolio:write')
  @CreatedAt('/v1/milestones/:id')
  @ApiConsumes('application/json', 'application/merge-patch+json')
  @ApiOperation({
    summary: "Create or update a milestone by the source tool's own id",
    description:
      "Upsert keyed by `source` (the tool) and `externalId` (its id). The body is a JSON Merge Patch (RFC 7396): fields sent are set, fields left out are kept as they are, and null clears actualDate. Creating needs title, baselineDate, ownerPersonId and the project, named by projectId or by the project's own reference (project: {source, id}). The baseline is never moved here: baselineDate must be the one in force (or the one first sent); a new one is a re-baseline decision (POST /v1/milestones/{id}/rebaselines). Sending the same body again changes nothing, not even the version. Send application/json or application/merge-patch+json.",
  })
  @ApiCreatedResponse({ description: 'created; its URL in Location, its version in ETag', type: MilestoneResponse })
  @ApiOkResponse({ description: 'updated (or unchanged); the same milestone id every time', type: MilestoneResponse })
  @ApiNotFoundResponse({ description: 'the project named is not one this organisation has (or one the caller can see)' })
  async upsert(@CurrentActor() actor: Actor, @Param() params: ExternalRefParams, @Body() body: UpsertMilestoneDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, milestone } = await this.milestones.upsertByRef(actor, { source: params.source, externalId: params.externalId }, body);
    return answerCreated(reply, created, withEtag(reply, milestone));
  }

  @Get('milestones/:id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a milestone' })
  @ApiOkResponse({ description: 'the milestone, its version in ETag', type: MilestoneResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.milestones.get(actor, id));
  }

  @Patch('milestones/:id')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Update a milestone', description: 'Forecast, actual date, status, owner, title. The baseline is refused here: re-baseline it with a decision. Needs If-Match.' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the milestone as updated', type: MilestoneResponse })
  @ApiNotFoundResponse()
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateMilestoneDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.milestones.update(actor, id, ifMatch, body));
  }

  @Post('milestones/:id/rebaselines')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Re-baseline a milestone by a decision', description: 'Records the new baseline a made decision of the decision log agreed; the original baseline and every earlier one stay in its history.' })
  @ApiCreatedResponse({ description: 'the milestone with its new baseline', type: MilestoneResponse })
  @ApiBadRequestResponse({ description: 'the decision is not a made decision of this milestone\'s project or programme' })
  @ApiNotFoundResponse()
  async rebaseline(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: RebaselineDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.milestones.rebaseline(actor, id, body));
  }
}
