import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import { StakeholderGroupEntity } from './stakeholder-group.entity';

/**
 * A pulse survey of one group: how many are supportive, neutral or opposed. Evidence corrected or withdrawn only with a reason (earlier versions kept in engagement_record_versions);
 * the shares are stored as numeric(5,2) and must add up to 100 within rounding.
 */
@Entity('buy_in_readings')
@Unique('uq_buy_in_readings_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_buy_in_readings_organisation_id_external_ref', ['organisationId', 'externalSource', 'externalId'])
@Index('idx_buy_in_readings_project_surveyed_on', ['organisationId', 'projectId', 'surveyedOn'])
@Index('idx_buy_in_readings_group_surveyed_on', ['organisationId', 'groupId', 'surveyedOn'])
// The scan's question of which readings crossed a threshold on a day.
@Index('idx_buy_in_readings_organisation_id_surveyed_on', ['organisationId', 'surveyedOn'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_buy_in_readings_project' })
@ForeignKey(() => StakeholderGroupEntity, ['organisationId', 'projectId', 'groupId'], ['organisationId', 'projectId', 'id'], { name: 'fk_buy_in_readings_group' })
@Check('ck_buy_in_readings_respondents', `"respondents" > 0`)
@Check(
  'ck_buy_in_readings_shares',
  `"supportive_pct" BETWEEN 0 AND 100 AND "neutral_pct" BETWEEN 0 AND 100 AND "opposed_pct" BETWEEN 0 AND 100 AND abs("supportive_pct" + "neutral_pct" + "opposed_pct" - 100) <= 0.5`,
)
@Check('ck_buy_in_readings_external_ref', `("external_source" IS NULL) = ("external_id" IS NULL)`)
export class BuyInReadingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_buy_in_readings' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_buy_in_readings_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'uuid' })
  groupId: string;

  @Column({ type: 'date' })
  surveyedOn: string;

  @Column({ type: 'integer' })
  respondents: number;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  supportivePct: string;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  neutralPct: string;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  opposedPct: string;

  @Column({ type: 'text', nullable: true })
  themes: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  externalSource: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  externalId: string | null;

  /** Bumped by each correction; the ETag a correction must send back. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
