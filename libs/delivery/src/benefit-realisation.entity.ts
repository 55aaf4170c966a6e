import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { BenefitEntity } from './benefit.entity';

/**
 * A realised amount entered for a benefit no KPI measures, for one period (month), with where its
 * evidence is. Append-only: a second entry for the same period supersedes the first.
 */
@Entity('benefit_realisations')
@Unique('uq_benefit_realisations_organisation_id_id', ['organisationId', 'id'])
@Index('idx_benefit_realisations_benefit_period', ['organisationId', 'benefitId', 'period', 'createdAt'])
@ForeignKey(() => BenefitEntity, ['organisationId', 'benefitId'], ['organisationId', 'id'], { name: 'fk_benefit_realisations_benefit', onDelete: 'CASCADE' })
@Check('ck_benefit_realisations_period', `"period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
export class BenefitRealisationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_benefit_realisations' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_benefit_realisations_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  benefitId: string;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'numeric', precision: 17, scale: 2 })
  amount: string;

  /** Where the evidence is: a link, a document reference. */
  @Column({ type: 'varchar', length: 1000 })
  evidence: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
