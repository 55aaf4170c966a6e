import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import { ENGAGEMENT_KINDS, EngagementKind, sqlList } from './engagement.enums';
import { StakeholderGroupEntity } from './stakeholder-group.entity';

/**
 * One feedback loop: what was heard from a group and what was done about it. The loop is closed
 * once actions are recorded (actions_recorded_at is set with actions_taken, never without it).
 */
@Entity('engagements')
@Unique('uq_engagements_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_engagements_organisation_id_external_ref', ['organisationId', 'externalSource', 'externalId'])
@Index('idx_engagements_project_occurred_on', ['organisationId', 'projectId', 'occurredOn'])
@Index('idx_engagements_group_occurred_on', ['organisationId', 'groupId', 'occurredOn'])
// The scan's question of which engagements crossed a threshold on a day.
@Index('idx_engagements_organisation_id_occurred_on', ['organisationId', 'occurredOn'])
// Open loops are few and are what governance scans for across every organisation.
@Index('idx_engagements_open_loops', ['occurredOn', 'organisationId', 'projectId'], { where: '"actions_recorded_at" IS NULL' })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_engagements_project' })
@ForeignKey(() => StakeholderGroupEntity, ['organisationId', 'projectId', 'groupId'], ['organisationId', 'projectId', 'id'], { name: 'fk_engagements_group' })
@Check('ck_engagements_kind', `"kind" IN (${sqlList(ENGAGEMENT_KINDS)})`)
@Check('ck_engagements_participants', `"participants" >= 0`)
@Check('ck_engagements_actions', `("actions_taken" IS NULL) = ("actions_recorded_at" IS NULL)`)
@Check('ck_engagements_external_ref', `("external_source" IS NULL) = ("external_id" IS NULL)`)
export class EngagementEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_engagements' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_engagements_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'uuid' })
  groupId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: EngagementKind;

  @Column({ type: 'date' })
  occurredOn: string;

  @Column({ type: 'integer' })
  participants: number;

  @Column({ type: 'text' })
  findings: string;

  @Column({ type: 'text', nullable: true })
  actionsTaken: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  actionsRecordedAt: Date | null;

  /** The survey or research tool (e.g. "smart-survey") and its own id, for idempotent posts. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  externalSource: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  externalId: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
