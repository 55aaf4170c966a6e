import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { StatusReportsService } from '@app/portfolio';
import { ReturnStatusReportDto } from './portfolio.dto';

const uuid = new ParseIdPipe();

@ApiTags('portfolio')
@Controller('v1/status-reports')
export class StatusReportsController {
  constructor(private readonly reports: StatusReportsService) {}

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a status report' })
  @ApiOkResponse({ description: 'one report, with whether it is the current revision for its period and its sign-off state' })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.reports.get(actor, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Auth('portfolio:write')
  @ApiOkResponse({ description: 'the draft, now waiting for approval by the SRO or programme manager' })
  @ApiForbiddenResponse({ description: 'submitter_required: only the project manager (programme manager or SRO for a programme) submits' })
  @ApiConflictResponse({ description: 'report_not_draft, report_superseded' })
  submit(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.reports.sendForApproval(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Auth('portfolio:write')
  @ApiOkResponse({ description: 'the approved report: the board shows it as reported' })
  @ApiForbiddenResponse({ description: "approver_required: only the programme's SRO or programme manager" })
  @ApiConflictResponse({ description: 'report_not_submitted' })
  approve(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.reports.approve(actor, id);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Auth('portfolio:write')
  @ApiOkResponse({ description: 'the report, a draft again with the comment kept' })
  @ApiForbiddenResponse({ description: "approver_required: only the programme's SRO or programme manager" })
  @ApiConflictResponse({ description: 'report_not_submitted' })
  returnReport(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: ReturnStatusReportDto) {
    return this.reports.returnToDraft(actor, id, body.comment);
  }
}
