import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';

/**
 * The evidence read model (docs/EVIDENCE.md): what the board sees of each project for the period
 * under review. The scalar columns are what filters, sorts and counts use; `doc` is the project as
 * every page shows it. Written only by the refresh (scan or worker), read by every page.
 */
@Entity('project_evidence')
@Index('idx_project_evidence_programme_code', ['organisationId', 'programmeId', 'code'])
@Index('idx_project_evidence_kpis_change_on', ['organisationId', 'kpisChangeOn'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_project_evidence_project' })
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_project_evidence_programme' })
export class ProjectEvidenceEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_project_evidence' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_project_evidence' })
  projectId: string;

  @Column({ type: 'uuid' })
  programmeId: string;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'date' })
  asOf: string;

  @Column({ type: 'timestamptz' })
  evidenceAsOf: Date;

  @Column({ type: 'varchar', length: 16, nullable: true })
  rating: string | null;

  @Column({ type: 'smallint', nullable: true })
  ratingStep: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  reported: string | null;

  @Column({ type: 'smallint', nullable: true })
  reportedStep: number | null;

  @Column({ type: 'smallint', nullable: true })
  optimismGap: number | null;

  @Column({ type: 'boolean' })
  optimismFlagged: boolean;

  @Column({ type: 'integer' })
  criticalFlags: number;

  @Column({ type: 'integer' })
  kpisOffTrack: number;

  @Column({ type: 'boolean' })
  overBudget: boolean;

  // What the programme roll-up sums over its projects, as the doc shows them: columns, so a scan
  // does not parse every project's JSON for them.
  @Column({ type: 'integer' })
  kpisOnTrack: number;

  @Column({ type: 'integer' })
  kpisAtRisk: number;

  @Column({ type: 'integer' })
  kpisNoData: number;

  @Column({ type: 'integer' })
  kpisNotMeasurable: number;

  @Column({ type: 'integer' })
  kpisStale: number;

  @Column({ type: 'integer' })
  kpisTotal: number;

  @Column({ type: 'integer' })
  warningFlags: number;

  @Column({ type: 'integer' })
  infoFlags: number;

  @Column({ type: 'integer' })
  acknowledgedFlags: number;

  @Column({ type: 'integer' })
  acceptedFlags: number;

  @Column({ type: 'integer' })
  actedOnFlags: number;

  /** The financial year's budget, spend and forecast (null without a financial year), as decimal strings. */
  @Column({ type: 'numeric', precision: 17, scale: 2, nullable: true })
  budget: string | null;

  @Column({ type: 'numeric', precision: 17, scale: 2, nullable: true })
  spent: string | null;

  @Column({ type: 'numeric', precision: 17, scale: 2, nullable: true })
  forecast: string | null;

  /** The first day after asOf on which one of the project's KPIs changes status or staleness with no new reading (null: none ahead); the nightly scan judges the project again on that day. */
  @Column({ type: 'date', nullable: true })
  kpisChangeOn: string | null;

  /** The rating's inputs, each with its effect and reason (the rating endpoint and project page show them). */
  @Column({ type: 'jsonb', nullable: true })
  inputs: unknown;

  /** Unresolved flags by rule, with their severity. */
  @Column({ type: 'jsonb' })
  flagsByRule: Record<string, string>;

  /** The project as the portfolio shows it, as JSON text: answers are assembled from it without re-encoding. */
  @Column({ type: 'text' })
  doc: string;
}

/** The same for a programme: its own report, the roll-up of its projects and its own flags. */
@Entity('programme_evidence')
@Index('idx_programme_evidence_code', ['organisationId', 'code'])
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_programme_evidence_programme' })
export class ProgrammeEvidenceEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_programme_evidence' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_programme_evidence' })
  programmeId: string;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'timestamptz' })
  evidenceAsOf: Date;

  @Column({ type: 'varchar', length: 16, nullable: true })
  rating: string | null;

  @Column({ type: 'smallint', nullable: true })
  ratingStep: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  reported: string | null;

  @Column({ type: 'smallint', nullable: true })
  reportedStep: number | null;

  @Column({ type: 'smallint', nullable: true })
  optimismGap: number | null;

  @Column({ type: 'boolean' })
  optimismFlagged: boolean;

  @Column({ type: 'integer' })
  criticalFlags: number;

  @Column({ type: 'jsonb' })
  flagsByRule: Record<string, string>;

  @Column({ type: 'text' })
  doc: string;
}

/** Per organisation: the period under review and a version bumped by every refresh (the portfolio's ETag). */
@Entity('evidence_states')
export class EvidenceStateEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_evidence_states' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_evidence_states_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'bigint' })
  version: string;

  @Column({ type: 'timestamptz' })
  refreshedAt: Date;
}

/** Subjects written to since their evidence was last refreshed (marked by triggers, cleared by the refresh). */
@Entity('evidence_dirty')
@Check('ck_evidence_dirty_subject_type', `"subject_type" IN ('project', 'programme')`)
export class EvidenceDirtyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_evidence_dirty' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_evidence_dirty' })
  subjectId: string;

  @Column({ type: 'varchar', length: 16 })
  subjectType: 'project' | 'programme';

  @Column({ type: 'timestamptz', default: () => 'now()' })
  markedAt: Date;

  /** Bumped by every re-mark, so a refresh removes only marks nobody made again while it ran. */
  @Column({ type: 'bigint', default: 1 })
  version: string;
}

export const EVIDENCE_ENTITIES = [ProjectEvidenceEntity, ProgrammeEvidenceEntity, EvidenceStateEntity, EvidenceDirtyEntity];
