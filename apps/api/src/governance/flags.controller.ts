import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ApiPageResponse, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { FlagsService } from '@app/governance';
import { ActionResponse } from '../accountability/accountability.responses';
import { FlagResponse, FlagWithHistoryResponse } from './flags.responses';
import { AcceptFlagDto, AcknowledgeFlagDto, FlagActionDto, FlagQuery } from './governance.dto';

const uuid = new ParseIdPipe();

@ApiTags('governance')
@Controller('v1/flags')
export class FlagsController {
  constructor(private readonly flags: FlagsService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List governance flags', description: 'Rule violations found by the governance scans, newest first, a page at a time; filter by status, severity, rule and project.' })
  @ApiPageResponse(FlagResponse, 'flags, newest first, with rule, severity, status and evidence')
  list(@CurrentActor() actor: Actor, @Query() query: FlagQuery) {
    return this.flags.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a flag with its history' })
  @ApiOkResponse({ description: 'the flag with its history', type: FlagWithHistoryResponse })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.flags.get(actor, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Auth('governance:write')
  @ApiOperation({ summary: 'Acknowledge a flag', description: 'The board has seen it: the flag stays open until the evidence changes, with who acknowledged it, when and why.' })
  @ApiOkResponse({ description: 'the flag stays open, with who acknowledged it, when and why', type: FlagResponse })
  @ApiConflictResponse({ description: 'the flag is already resolved' })
  acknowledge(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: AcknowledgeFlagDto) {
    return this.flags.acknowledge(actor, id, body.note);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Auth('governance:write')
  @ApiOperation({
    summary: 'Accept a flag until a date',
    description: 'The board accepts the risk the flag describes, for a reason, until a day (today or later): the flag stays unresolved, shown as accepted, and opens again at the first scan after that day.',
  })
  @ApiOkResponse({ description: 'the flag, accepted until the day given for the reason given; it stays unresolved and opens again after that day', type: FlagResponse })
  @ApiConflictResponse({ description: 'flag_resolved: the flag is already resolved' })
  @ApiNotFoundResponse({ description: 'no such flag in this organisation' })
  accept(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: AcceptFlagDto) {
    return this.flags.accept(actor, id, body.until, body.reason);
  }

  @Post(':id/actions')
  @Auth('governance:write')
  @ApiOperation({ summary: 'Assign an action on a flag', description: 'Someone will do something about the flag by a date. The flag stays open until the evidence changes; the action shows among the open actions and is flagged when overdue.' })
  @ApiCreatedResponse({ description: 'the action assigned on the flag (the flag stays open until its cause is fixed)', type: ActionResponse })
  @ApiConflictResponse({ description: 'flag_resolved: the flag is already resolved' })
  @ApiNotFoundResponse({ description: 'no such flag in this organisation (an owner who is not an active person here is a 400)' })
  assignAction(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: FlagActionDto) {
    return this.flags.assignAction(actor, id, body);
  }
}
