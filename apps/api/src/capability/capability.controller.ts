import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CapabilityService } from '@app/capability';
import { Actor, answerCreated, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { CapabilityEvidenceResponse, CapabilityRoleResponse, KnowledgeTransferResponse } from './capability.responses';
import { CreateKnowledgeTransferDto, SetCapabilityRoleDto } from './capability.dto';

const id = new ParseIdPipe();

@ApiTags('capability')
@Controller('v1')
export class CapabilityController {
  constructor(private readonly capability: CapabilityService) {}

  @Get('projects/:id/capability')
  @Auth('portfolio:read')
  @ApiOperation({
    summary: "A project's capability evidence",
    description: 'How much the project relies on outside expertise (contractors and consultancy against staff spend in the ledger) per month over the last twelve, with its trend; its capability plan (in-house roles needed and filled); and its knowledge-transfer activities.',
  })
  @ApiOkResponse({ description: 'reliance on outside expertise per month with its trend, the capability plan and knowledge-transfer activities', type: CapabilityEvidenceResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  project(@CurrentActor() actor: Actor, @Param('id', id) projectId: string) {
    return this.capability.forProject(actor, projectId);
  }

  @Get('programmes/:id/capability')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "A programme's capability evidence", description: 'The same evidence over every project of the programme.' })
  @ApiOkResponse({ description: 'the same evidence over every project of the programme', type: CapabilityEvidenceResponse })
  @ApiNotFoundResponse({ description: 'no such programme in this organisation' })
  programme(@CurrentActor() actor: Actor, @Param('id', id) programmeId: string) {
    return this.capability.forProgramme(actor, programmeId);
  }

  @Post('projects/:id/capability-roles')
  @Auth('portfolio:write')
  @ApiOperation({ summary: "Set a role in a project's capability plan", description: 'An in-house role the service needs, with how many permanent posts it needs and how many are filled. Setting a role again replaces its counts (audited).' })
  @ApiCreatedResponse({ description: 'the role, created', type: CapabilityRoleResponse })
  @ApiOkResponse({ description: 'the role, its counts replaced', type: CapabilityRoleResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  async setRole(@CurrentActor() actor: Actor, @Param('id', id) projectId: string, @Body() body: SetCapabilityRoleDto, @Res({ passthrough: true }) reply: { status(code: number): unknown }) {
    const { created, view } = await this.capability.setRole(actor, projectId, body);
    return answerCreated(reply, created, view);
  }

  @Post('projects/:id/knowledge-transfers')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Record a knowledge-transfer activity', description: 'Pairing, a handover or training that moved skills from contractors or consultants to permanent staff, with where the evidence is. Activities are kept as recorded.' })
  @ApiCreatedResponse({ description: 'the activity as recorded', type: KnowledgeTransferResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  recordTransfer(@CurrentActor() actor: Actor, @Param('id', id) projectId: string, @Body() body: CreateKnowledgeTransferDto) {
    return this.capability.recordTransfer(actor, projectId, body);
  }
}
