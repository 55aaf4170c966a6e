import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { StatusReportsService } from '@app/portfolio';
import { ReturnStatusReportDto } from './portfolio.dto';
import { StatusReportResponse } from './portfolio.responses';

const uuid = new ParseIdPipe();

@ApiTags('portfolio')
@Controller('v1/status-reports')
export class StatusReportsController {
  constructor(private readonly reports: StatusReportsService) {}

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a status report' })
  @ApiOkResponse({ description: 'one report, with whether it is the current revision for its period and its sign-off state', type: StatusReportResponse })
  @ApiNotFoundResponse({ description: 'no such status report in this organisation' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.reports.get(actor, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Auth('portfolio:write')
  @ApiOperation({
    summary: 'Submit a draft status report for approval',
    description: "The project manager (for a programme's report, the programme manager or SRO) sends the current draft to the programme's SRO or programme manager to approve. Until it is approved the board does not show it as reported.",
  })
  @ApiOkResponse({ description: 'the draft, now waiting for approval by the SRO or programme manager', type: StatusReportResponse })
  @ApiNotFoundResponse({ description: 'no such status report in this organisation' })
  @ApiForbiddenResponse({ description: 'submitter_required: only the project manager (programme manager or SRO for a programme) submits' })
  @ApiConflictResponse({ description: 'report_not_draft, report_superseded' })
  submit(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.reports.sendForApproval(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Approve a submitted status report', description: "The programme's SRO or programme manager signs the report off: it becomes the board's record for its period. Nobody approves a report they wrote." })
  @ApiOkResponse({ description: 'the approved report: the board shows it as reported', type: StatusReportResponse })
  @ApiNotFoundResponse({ description: 'no such status report in this organisation' })
  @ApiForbiddenResponse({ description: "approver_required: only the programme's SRO or programme manager" })
  @ApiConflictResponse({ description: 'report_not_submitted' })
  approve(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.reports.approve(actor, id);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Return a submitted status report to its author', description: 'The approver sends it back as a draft with a comment saying what should change; the comment stays on the report after it is submitted again.' })
  @ApiOkResponse({ description: 'the report, a draft again with the comment kept', type: StatusReportResponse })
  @ApiNotFoundResponse({ description: 'no such status report in this organisation' })
  @ApiForbiddenResponse({ description: "approver_required: only the programme's SRO or programme manager" })
  @ApiConflictResponse({ description: 'report_not_submitted' })
  returnReport(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: ReturnStatusReportDto) {
    return this.reports.returnToDraft(actor, id, body.comment);
  }
}
