import { Body, Controller, Get, Headers, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BenefitsService, ObjectiveDeliveryService } from '@app/delivery';
import { Actor, Auth, CurrentActor, ParseIdPipe, withEtag } from '@app/platform';
import { BenefitProfileDto, NewBenefitDto, NewRealisationDto, PeriodQuery, UpdateBenefitDto } from './benefits.dto';
import { BenefitResponse, BenefitsSummaryResponse, ObjectiveDeliveryResponse } from './delivery.responses';

const uuid = new ParseIdPipe();

/** The benefits register: benefits, their planned profile and realisation, planned against realised per project, programme and objective. */
@ApiTags('delivery')
@Controller('v1')
export class BenefitsController {
  constructor(
    private readonly benefits: BenefitsService,
    private readonly objectives: ObjectiveDeliveryService,
  ) {}

  @Post('projects/:id/benefits')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Add a benefit to a project', description: 'Its kind, owner, objective, the KPIs that measure it and its planned profile by financial year.' })
  @ApiCreatedResponse({ description: 'the benefit, its version in ETag', type: BenefitResponse })
  @ApiNotFoundResponse()
  async createForProject(@CurrentActor() actor: Actor, @Param('id', uuid) projectId: string, @Body() body: NewBenefitDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.benefits.create(actor, { projectId }, body));
  }

  @Post('programmes/:id/benefits')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Add a benefit to a programme itself' })
  @ApiCreatedResponse({ description: 'the benefit, its version in ETag', type: BenefitResponse })
  @ApiNotFoundResponse()
  async createForProgramme(@CurrentActor() actor: Actor, @Param('id', uuid) programmeId: string, @Body() body: NewBenefitDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.benefits.create(actor, { programmeId }, body));
  }

  @Get('projects/:id/benefits')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "A project's benefits, planned against realised" })
  @ApiOkResponse({ type: BenefitsSummaryResponse })
  @ApiNotFoundResponse()
  forProject(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: PeriodQuery) {
    return this.benefits.summary(actor, { type: 'project', id }, query.period);
  }

  @Get('programmes/:id/benefits')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "A programme's benefits (its own and its projects'), planned against realised" })
  @ApiOkResponse({ type: BenefitsSummaryResponse })
  @ApiNotFoundResponse()
  forProgramme(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: PeriodQuery) {
    return this.benefits.summary(actor, { type: 'programme', id }, query.period);
  }

  @Get('objectives/:id/benefits')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "An objective's benefits, planned against realised", description: 'Benefits linked to it, and those of its programmes linked to no other objective.' })
  @ApiOkResponse({ type: BenefitsSummaryResponse })
  @ApiNotFoundResponse()
  forObjective(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: PeriodQuery) {
    return this.benefits.summary(actor, { type: 'objective', id }, query.period);
  }

  @Get('objectives/:id/delivery')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'What a strategic objective is delivering', description: 'Its programmes, the KPIs of their projects, its benefits and the share of planned benefit realised.' })
  @ApiOkResponse({ type: ObjectiveDeliveryResponse })
  @ApiNotFoundResponse()
  objective(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: PeriodQuery) {
    return this.objectives.view(actor, id, query.period);
  }

  @Get('benefits/:id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a benefit', description: 'With its profile, what was realised each month and its position at the end of the period.' })
  @ApiOkResponse({ description: 'the benefit, its version in ETag', type: BenefitResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: PeriodQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.benefits.get(actor, id, query.period));
  }

  @Patch('benefits/:id')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Update a benefit', description: 'Title, owner, objective, baseline, target, linked KPIs. Needs If-Match.' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the benefit as updated', type: BenefitResponse })
  @ApiNotFoundResponse()
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateBenefitDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.benefits.update(actor, id, ifMatch, body));
  }

  @Put('benefits/:id/profile')
  @Auth('portfolio:write')
  @ApiOperation({ summary: "Replace a benefit's planned profile", description: 'One planned amount per financial year.' })
  @ApiOkResponse({ description: 'the benefit with its new profile', type: BenefitResponse })
  @ApiNotFoundResponse()
  async setProfile(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: BenefitProfileDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.benefits.setProfile(actor, id, body.years));
  }

  @Post('benefits/:id/realisations')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Record a realised amount with its evidence', description: 'For a benefit no KPI measures; one its KPI measures is realised from the KPI\'s measurements.' })
  @ApiCreatedResponse({ description: 'the benefit with the amount counted', type: BenefitResponse })
  @ApiNotFoundResponse()
  async realise(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: NewRealisationDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.benefits.recordRealisation(actor, id, body));
  }
}
