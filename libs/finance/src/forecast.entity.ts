import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';

/** Forecast outturn for a project and year. History is kept (append-only); the latest as-of date wins. */
@Entity('forecasts')
@Unique('uq_forecasts_organisation_id_id', ['organisationId', 'id'])
@Index('idx_forecasts_project_year_as_of', ['organisationId', 'projectId', 'financialYear', 'asOf'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_forecasts_project' })
@Check('ck_forecasts_financial_year', `"financial_year" ~ '^[0-9]{4}-[0-9]{2}$'`)
@Check('ck_forecasts_amount', `"amount" >= 0`)
export class ForecastEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_forecasts' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_forecasts_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 7 })
  financialYear: string;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  amount: string;

  @Column({ type: 'date' })
  asOf: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByTokenId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
