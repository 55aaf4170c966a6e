import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { BenefitEntity } from './benefit.entity';

/** The planned realisation of a benefit in one financial year ("2026-27"); the profile is replaced whole. */
@Entity('benefit_profile_years')
@ForeignKey(() => BenefitEntity, ['organisationId', 'benefitId'], ['organisationId', 'id'], { name: 'fk_benefit_profile_years_benefit', onDelete: 'CASCADE' })
export class BenefitProfileYearEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_benefit_profile_years' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_benefit_profile_years_organisation' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_benefit_profile_years' })
  benefitId: string;

  @PrimaryColumn({ type: 'varchar', length: 7, primaryKeyConstraintName: 'pk_benefit_profile_years' })
  financialYear: string;

  @Column({ type: 'numeric', precision: 17, scale: 2 })
  planned: string;
}
