import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { DerivedKpisService } from '@app/kpis';
import { DerivationResponse, DerivationSetResponse } from './kpis.responses';

export class SetDerivationDto {
  @ApiProperty({ format: 'uuid', example: '3f6b2a1c-9d8e-4f7a-8b6c-5d4e3f2a1b0c', description: 'a KPI of the same project counting transactions per month (not itself a cost KPI)' })
  @IsUUID('4')
  transactionsKpiId: string;
}

const uuid = new ParseIdPipe();

@ApiTags('kpis')
@Controller('v1/kpis/:id/derivation')
export class KpiDerivationController {
  constructor(private readonly derived: DerivedKpisService) {}

  @Put()
  @Auth('kpis:write')
  @ApiOperation({
    summary: 'Derive a cost-per-transaction KPI from the ledger',
    description: "Links a cost_per_transaction KPI to a KPI of the same project that counts transactions per month: its values become the project's spend / transactions per month, computed now and at every governance scan. Setting it again replaces the link.",
  })
  @ApiOkResponse({ description: 'the KPI is now spend / transactions per month, computed from the ledger (values written now and at every governance scan)', type: DerivationSetResponse })
  @ApiConflictResponse({ description: 'not_cost_per_transaction: only a cost_per_transaction KPI can be derived' })
  @ApiNotFoundResponse({ description: 'no such KPI, or no such transactions KPI, in this organisation' })
  link(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: SetDerivationDto) {
    return this.derived.link(actor, id, body.transactionsKpiId);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'How a KPI is derived' })
  @ApiOkResponse({ description: 'how the KPI is derived', type: DerivationResponse })
  @ApiNotFoundResponse({ description: 'no such KPI in this organisation, or it is not derived' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.derived.get(actor, id);
  }

  @Delete()
  @HttpCode(204)
  @Auth('kpis:write')
  @ApiOperation({ summary: 'Stop deriving a KPI', description: 'The KPI is no longer computed from the ledger; the values computed so far stay as its measurements.' })
  @ApiNoContentResponse({ description: 'no longer derived; values computed so far stay as history' })
  @ApiNotFoundResponse({ description: 'no such KPI in this organisation, or it is not derived' })
  async unlink(@CurrentActor() actor: Actor, @Param('id', uuid) id: string): Promise<void> {
    await this.derived.unlink(actor, id);
  }
}
