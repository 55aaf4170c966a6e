import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { DecisionEntity } from '@app/accountability';
import { MilestoneEntity } from './milestone.entity';

/**
 * A new baseline for a milestone, as the decision that agreed it (the accountability area's
 * decision log). Append-only: the latest is the milestone's current baseline, the earlier ones its history.
 */
@Entity('milestone_rebaselines')
@Unique('uq_milestone_rebaselines_organisation_id_id', ['organisationId', 'id'])
@Index('idx_milestone_rebaselines_milestone', ['organisationId', 'milestoneId', 'createdAt'])
@ForeignKey(() => MilestoneEntity, ['organisationId', 'milestoneId'], ['organisationId', 'id'], { name: 'fk_milestone_rebaselines_milestone', onDelete: 'CASCADE' })
@ForeignKey(() => DecisionEntity, ['organisationId', 'decisionId'], ['organisationId', 'id'], { name: 'fk_milestone_rebaselines_decision' })
export class MilestoneRebaselineEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_milestone_rebaselines' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_milestone_rebaselines_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  milestoneId: string;

  /** The made decision that agreed the new baseline. */
  @Column({ type: 'uuid' })
  decisionId: string;

  @Column({ type: 'date' })
  previousBaselineDate: string;

  @Column({ type: 'date' })
  baselineDate: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
