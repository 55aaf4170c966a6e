import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { KpiEntity } from './kpi.entity';

/**
 * Marks a cost-per-transaction KPI as derived from the ledger: its value for a month is the
 * project's spend that month divided by the linked transactions KPI's value for that month.
 */
@Entity('kpi_derivations')
@ForeignKey(() => KpiEntity, ['organisationId', 'kpiId'], ['organisationId', 'id'], { name: 'fk_kpi_derivations_kpi' })
@ForeignKey(() => KpiEntity, ['organisationId', 'transactionsKpiId'], ['organisationId', 'id'], { name: 'fk_kpi_derivations_transactions_kpi' })
export class KpiDerivationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_kpi_derivations' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_kpi_derivations_organisation' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_kpi_derivations' })
  kpiId: string;

  @Column({ type: 'uuid' })
  transactionsKpiId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
