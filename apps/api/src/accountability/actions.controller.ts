import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ActionsService } from '@app/accountability';
import { Actor, Auth, CurrentActor, withEtag } from '@app/platform';
import { ActionQuery, NewActionDto, UpdateActionDto } from './accountability.dto';
import { ActionResponse } from './action.responses';

const uuid = new ParseUUIDPipe({ version: '4' });

/** Actions: assigned on a risk, issue, decision or status report (on a flag: FlagsController), then kept up to date. */
@ApiTags('accountability')
@Controller('v1')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Post('risks/:id/actions')
  @Auth('governance:write')
  @ApiCreatedResponse({ description: 'the action, open, announced as action.assigned' })
  @ApiNotFoundResponse()
  async onRisk(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: NewActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.create(actor, 'risk', id, body));
  }

  @Post('issues/:id/actions')
  @Auth('governance:write')
  @ApiCreatedResponse({ description: 'the action' })
  @ApiNotFoundResponse()
  async onIssue(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: NewActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.create(actor, 'issue', id, body));
  }

  @Post('decisions/:id/actions')
  @Auth('governance:write')
  @ApiCreatedResponse({ description: 'the action' })
  @ApiNotFoundResponse()
  async onDecision(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: NewActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.create(actor, 'decision', id, body));
  }

  @Post('status-reports/:id/actions')
  @Auth('governance:write')
  @ApiOperation({ summary: 'Assign an action on a status report', description: 'Someone will do something the report calls for by a date; the action shows among the open actions and is flagged when overdue.' })
  @ApiCreatedResponse({ description: 'the action, open; its version in ETag', type: ActionResponse })
  @ApiNotFoundResponse({ description: 'no such status report in this organisation (an owner who is not an active person here is a 400)' })
  async onStatusReport(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: NewActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.create(actor, 'status_report', id, body));
  }

  @Get('actions')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'by due date; filters by programme, project, owner, status, parent and overdue' })
  list(@CurrentActor() actor: Actor, @Query() query: ActionQuery) {
    return this.actions.list(actor, query);
  }

  @Get('actions/:id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the action with the history of every change' })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.get(actor, id));
  }

  @Patch('actions/:id')
  @Auth('governance:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the updated action; 403 unless owner, manager or organisation role' })
  @ApiNotFoundResponse()
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.update(actor, id, ifMatch, body));
  }
}
