import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { DerivedKpisService } from '@app/kpis';

export class SetDerivationDto {
  @ApiProperty({ format: 'uuid', description: 'a KPI of the same project counting transactions per month' })
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
  @ApiOkResponse({ description: 'the KPI is now spend / transactions per month, computed from the ledger (values written now and at every governance scan)' })
  @ApiConflictResponse({ description: 'only a cost_per_transaction KPI can be derived' })
  link(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: SetDerivationDto) {
    return this.derived.link(actor, id, body.transactionsKpiId);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'how the KPI is derived' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.derived.get(actor, id);
  }

  @Delete()
  @HttpCode(204)
  @Auth('kpis:write')
  @ApiNoContentResponse({ description: 'no longer derived; values computed so far stay as history' })
  async unlink(@CurrentActor() actor: Actor, @Param('id', uuid) id: string): Promise<void> {
    await this.derived.unlink(actor, id);
  }
}
