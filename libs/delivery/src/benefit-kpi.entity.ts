import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { KpiEntity } from '@app/kpis';
import { BenefitEntity } from './benefit.entity';

/** A KPI that measures a benefit (a benefit with none measurable is flagged benefit_unmeasured). */
@Entity('benefit_kpis')
@Index('idx_benefit_kpis_kpi', ['organisationId', 'kpiId'])
@ForeignKey(() => BenefitEntity, ['organisationId', 'benefitId'], ['organisationId', 'id'], { name: 'fk_benefit_kpis_benefit', onDelete: 'CASCADE' })
@ForeignKey(() => KpiEntity, ['organisationId', 'kpiId'], ['organisationId', 'id'], { name: 'fk_benefit_kpis_kpi', onDelete: 'CASCADE' })
export class BenefitKpiEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_benefit_kpis' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_benefit_kpis_organisation' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_benefit_kpis' })
  benefitId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_benefit_kpis' })
  kpiId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
