import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ActionsService } from '@app/accountability';
import { Actor, ApiPageResponse, Auth, CreatedAt, CurrentActor, withEtag, ParseIdPipe } from '@app/platform';
import { ActionResponse, ActionWithHistoryResponse } from './accountability.responses';
import { ActionQuery, NewActionDto, UpdateActionDto } from './accountability.dto';

const uuid = new ParseIdPipe();

/** Actions: assigned on a risk, issue, decision or status report (on a flag: FlagsController), then kept up to date. */
@ApiTags('accountability')
@Controller('v1')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Post('risks/:id/actions')
  @Auth('governance:write')
  @ApiOperation({ summary: 'Assign an action on a risk', description: 'An open action with its owner and due date, announced to webhooks as action.assigned. Needs governance:write and, for a person, a role on the risk\'s project or programme.' })
  @CreatedAt('/v1/actions/:id')
  @ApiCreatedResponse({ description: 'the action, open; its version in ETag, its URL in Location', type: ActionResponse })
  @ApiNotFoundResponse({ description: 'no such risk in this organisation' })
  async onRisk(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: NewActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.create(actor, 'risk', id, body));
  }

  @Post('issues/:id/actions')
  @Auth('governance:write')
  @ApiOperation({ summary: 'Assign an action on a issue', description: 'An open action with its owner and due date, announced to webhooks as action.assigned. Needs governance:write and, for a person, a role on the issue\'s project or programme.' })
  @CreatedAt('/v1/actions/:id')
  @ApiCreatedResponse({ description: 'the action, open; its version in ETag, its URL in Location', type: ActionResponse })
  @ApiNotFoundResponse({ description: 'no such issue in this organisation' })
  async onIssue(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: NewActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.create(actor, 'issue', id, body));
  }

  @Post('decisions/:id/actions')
  @Auth('governance:write')
  @ApiOperation({ summary: 'Assign an action on a decision', description: 'An open action with its owner and due date, announced to webhooks as action.assigned. Needs governance:write and, for a person, a role on the decision\'s project or programme.' })
  @CreatedAt('/v1/actions/:id')
  @ApiCreatedResponse({ description: 'the action, open; its version in ETag, its URL in Location', type: ActionResponse })
  @ApiNotFoundResponse({ description: 'no such decision in this organisation' })
  async onDecision(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: NewActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.create(actor, 'decision', id, body));
  }

  @Post('status-reports/:id/actions')
  @Auth('governance:write')
  @ApiOperation({ summary: 'Assign an action on a status report', description: 'An open action with its owner and due date, announced to webhooks as action.assigned. Needs governance:write and, for a person, a role on the status report\'s project or programme.' })
  @CreatedAt('/v1/actions/:id')
  @ApiCreatedResponse({ description: 'the action, open; its version in ETag, its URL in Location', type: ActionResponse })
  @ApiNotFoundResponse({ description: 'no such status report in this organisation' })
  async onStatusReport(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: NewActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.create(actor, 'status_report', id, body));
  }

  @Get('actions')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List actions', description: 'By due date, a page at a time; filter by programme, project, owner, status, what they were assigned on, and overdue (open and past the due date).' })
  @ApiPageResponse(ActionResponse, 'by due date; filters by programme, project, owner, status, parent and overdue')
  list(@CurrentActor() actor: Actor, @Query() query: ActionQuery) {
    return this.actions.list(actor, query);
  }

  @Get('actions/:id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read an action' })
  @ApiOkResponse({ description: 'the action with the history of every change; its version in ETag', type: ActionWithHistoryResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.get(actor, id));
  }

  @Patch('actions/:id')
  @Auth('governance:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOperation({ summary: 'Update an action', description: 'Changes the fields sent; done or cancelled closes it, open reopens it. Only its owner, the managers of its project or programme and organisation roles may (403 `not_owner_or_manager`). Needs If-Match with the ETag last read (412 when stale, 428 without).' })
  @ApiOkResponse({ description: 'the updated action', type: ActionResponse })
  @ApiNotFoundResponse()
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateActionDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.actions.update(actor, id, ifMatch, body));
  }
}
