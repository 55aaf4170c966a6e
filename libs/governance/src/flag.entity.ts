import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, VersionColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import type { FlagStatus, Severity } from './governance.enums';

/**
 * A governance flag on a project or programme. The partial unique index guarantees at most one
 * unresolved flag per subject and rule, whatever runs concurrently.
 */
@Entity('flags')
@Unique('uq_flags_organisation_id_id', ['organisationId', 'id'])
@Index('uq_flags_unresolved_subject_rule', ['organisationId', 'rule', 'subjectId'], { unique: true, where: `"status" <> 'resolved'` })
@Index('idx_flags_organisation_id_seq', ['organisationId', 'seq'])
@Index('idx_flags_organisation_id_project_id', ['organisationId', 'projectId'])
// Open flags by project and severity: the rating's critical-flag count and the portfolio's counts
// skip the resolved history, which only grows (migration 1763800009000).
@Index('idx_flags_open_by_project', ['organisationId', 'projectId', 'severity'], { where: `"status" <> 'resolved'` })
// Accepted flags by the day their acceptance lapses: the scan's lapse step reads only these.
@Index('idx_flags_accepted_until', ['organisationId', 'acceptedUntil'], { where: `"status" = 'accepted'` })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_flags_project' })
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_flags_programme' })
@ForeignKey(() => PersonEntity, ['organisationId', 'acknowledgedByPersonId'], ['organisationId', 'id'], { name: 'fk_flags_acknowledged_by_person' })
@Check('ck_flags_status', `"status" IN ('open', 'acknowledged', 'accepted', 'resolved')`)
@Check('ck_flags_acceptance', `"status" <> 'accepted' OR ("accepted_until" IS NOT NULL AND "acceptance_reason" IS NOT NULL)`)
@ForeignKey(() => PersonEntity, ['organisationId', 'acceptedByPersonId'], ['organisationId', 'id'], { name: 'fk_flags_accepted_by_person' })
@Check('ck_flags_severity', `"severity" IN ('info', 'warning', 'critical')`)
@Check('ck_flags_subject', `("subject_type" = 'project' AND "project_id" = "subject_id") OR ("subject_type" = 'programme' AND "programme_id" = "subject_id" AND "project_id" IS NULL)`)
export class FlagEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_flags' })
  id: string;

  /** Insertion order, for stable newest-first lists. */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_flags_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 16 })
  subjectType: 'project' | 'programme';

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  /** The subject's programme (for a project flag, the project's programme), so boards can filter by programme. */
  @Column({ type: 'uuid' })
  programmeId: string;

  @Column({ type: 'varchar', length: 40 })
  rule: string;

  @Column({ type: 'varchar', length: 16 })
  severity: Severity;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: FlagStatus;

  /** What a board member reads: the condition with its numbers and threshold. */
  @Column({ type: 'text' })
  evidence: string;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  firstRaisedAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  acknowledgedBy: string | null;

  /** The person who acknowledged it (none for integration tokens and older acknowledgements). */
  @Column({ type: 'uuid', nullable: true })
  acknowledgedByPersonId: string | null;

  @Column({ type: 'text', nullable: true })
  acknowledgementNote: string | null;

  /**
   * The board accepted the flag until this day (inclusive), for a reason: it stays unresolved and
   * is shown as accepted; the first scan after the day puts it back to open (acceptance lapsed).
   */
  @Column({ type: 'date', nullable: true })
  acceptedUntil: string | null;

  @Column({ type: 'text', nullable: true })
  acceptanceReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  acceptedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedByPersonId: string | null;

  @Column({ type: 'uuid', nullable: true })
  raisedByScanId: string | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedByScanId: string | null;

  @VersionColumn({ default: 1 })
  version: number;
}
