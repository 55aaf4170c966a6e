import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { FlagsService } from '@app/governance';
import { AcknowledgeFlagDto, FlagQuery } from './governance.dto';

const uuid = new ParseIdPipe();

@ApiTags('governance')
@Controller('v1/flags')
export class FlagsController {
  constructor(private readonly flags: FlagsService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'flags, newest first, with rule, severity, status and evidence' })
  list(@CurrentActor() actor: Actor, @Query() query: FlagQuery) {
    return this.flags.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the flag with its history' })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.flags.get(actor, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Auth('governance:write')
  @ApiOkResponse({ description: 'the flag stays open, with who acknowledged it, when and why' })
  @ApiConflictResponse({ description: 'the flag is already resolved' })
  acknowledge(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: AcknowledgeFlagDto) {
    return this.flags.acknowledge(actor, id, body.note);
  }
}
