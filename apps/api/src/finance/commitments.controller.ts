import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommitmentsService } from '@app/finance';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { CommitmentDto, CommitmentQuery } from './finance-practice.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('finance')
@Controller('v1/commitments')
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Post()
  @Auth('finance:write')
  @ApiCreatedResponse({ description: 'the commitment with its drawdown so far (spend on the project with the same order number) and what is outstanding' })
  @ApiConflictResponse({ description: 'commitment_exists: the order number is already committed on the project' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  create(@CurrentActor() actor: Actor, @Body() body: CommitmentDto) {
    return this.commitments.create(actor, body);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'commitments, newest first, each with drawn and outstanding' })
  list(@CurrentActor() actor: Actor, @Query() query: CommitmentQuery) {
    return this.commitments.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiNotFoundResponse({ description: 'no such commitment in this organisation' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.commitments.get(actor, id);
  }
}
