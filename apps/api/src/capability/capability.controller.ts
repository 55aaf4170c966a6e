import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CapabilityService } from '@app/capability';
import { Actor, answerCreated, Auth, CurrentActor } from '@app/platform';
import { CreateKnowledgeTransferDto, SetCapabilityRoleDto } from './capability.dto';

const id = new ParseUUIDPipe({ version: '4' });

@ApiTags('capability')
@Controller('v1')
export class CapabilityController {
  constructor(private readonly capability: CapabilityService) {}

  @Get('projects/:id/capability')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'reliance on outside expertise per month with its trend, the capability plan and knowledge-transfer activities' })
  @ApiNotFoundResponse()
  project(@CurrentActor() actor: Actor, @Param('id', id) projectId: string) {
    return this.capability.forProject(actor, projectId);
  }

  @Get('programmes/:id/capability')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the same evidence over every project of the programme' })
  @ApiNotFoundResponse()
  programme(@CurrentActor() actor: Actor, @Param('id', id) programmeId: string) {
    return this.capability.forProgramme(actor, programmeId);
  }

  @Post('projects/:id/capability-roles')
  @Auth('portfolio:write')
  @ApiCreatedResponse({ description: 'the role, created (201) or its counts replaced (200)' })
  @ApiNotFoundResponse()
  async setRole(@CurrentActor() actor: Actor, @Param('id', id) projectId: string, @Body() body: SetCapabilityRoleDto, @Res({ passthrough: true }) reply: { status(code: number): unknown }) {
    const { created, view } = await this.capability.setRole(actor, projectId, body);
    return answerCreated(reply, created, view);
  }

  @Post('projects/:id/knowledge-transfers')
  @Auth('portfolio:write')
  @ApiCreatedResponse({ description: 'the activity as recorded' })
  @ApiNotFoundResponse()
  recordTransfer(@CurrentActor() actor: Actor, @Param('id', id) projectId: string, @Body() body: CreateKnowledgeTransferDto) {
    return this.capability.recordTransfer(actor, projectId, body);
  }
}
