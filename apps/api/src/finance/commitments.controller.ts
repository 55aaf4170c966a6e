import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommitmentsService } from '@app/finance';
import { Actor, ApiPageResponse, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { CommitmentResponse } from './finance.responses';
import { CommitmentDto, CommitmentQuery } from './finance-practice.dto';

const uuid = new ParseIdPipe();

@ApiTags('finance')
@Controller('v1/commitments')
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Post()
  @Auth('finance:write')
  @ApiOperation({
    summary: 'Record a commitment',
    description: 'A purchase order or contract placed but not yet paid. Spend on the project with the same order number draws it down; what is outstanding counts as committed in the finance summary. An order number is committed once per project.',
  })
  @ApiCreatedResponse({ description: 'the commitment with its drawdown so far (spend on the project with the same order number) and what is outstanding', type: CommitmentResponse })
  @ApiConflictResponse({ description: 'commitment_exists: the order number is already committed on the project' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  create(@CurrentActor() actor: Actor, @Body() body: CommitmentDto) {
    return this.commitments.create(actor, body);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List commitments', description: 'Newest commitment date first, a page at a time; filter by project, financial year and whether anything is outstanding.' })
  @ApiPageResponse(CommitmentResponse, 'commitments, newest first, each with drawn and outstanding')
  list(@CurrentActor() actor: Actor, @Query() query: CommitmentQuery) {
    return this.commitments.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a commitment' })
  @ApiOkResponse({ description: 'the commitment with what is drawn and outstanding now', type: CommitmentResponse })
  @ApiNotFoundResponse({ description: 'no such commitment in this organisation' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.commitments.get(actor, id);
  }
}
