import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProgrammeEntity } from './programme.entity';
import { ProjectEntity } from './project.entity';
import type { DeliveryConfidence, Rag, ReportState, SubjectType } from './portfolio.enums';

/**
 * A status report. Its content is append-only: a second report for the same subject and period is
 * a new row with the next revision, and the highest revision is the current one, so a board can
 * always see what was reported when and by whom. Only its sign-off changes (draft, submitted for
 * approval, approved; a returned report is a draft again with the comment kept).
 */
@Entity('status_reports')
@Unique('uq_status_reports_project_period_revision', ['organisationId', 'projectId', 'period', 'revision'])
@Unique('uq_status_reports_programme_period_revision', ['organisationId', 'programmeId', 'period', 'revision'])
@Index('idx_status_reports_organisation_id_period', ['organisationId', 'period'])
@Index('idx_status_reports_awaiting_approval', ['organisationId', 'sentForApprovalAt'], { where: `"state" = 'submitted'` })
// Partial, with an included column: created by its migration (1763800030400).
@Index('idx_status_reports_project_submitted', { synchronize: false })
@ForeignKey(() => PersonEntity, ['organisationId', 'approvedByPersonId'], ['organisationId', 'id'], { name: 'fk_status_reports_approved_by_person' })
@ForeignKey(() => PersonEntity, ['organisationId', 'returnedByPersonId'], ['organisationId', 'id'], { name: 'fk_status_reports_returned_by_person' })
@Check('ck_status_reports_state', `"state" IN ('draft', 'submitted', 'approved')`)
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_status_reports_project' })
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_status_reports_programme' })
@ForeignKey(() => PersonEntity, ['organisationId', 'reportedByPersonId'], ['organisationId', 'id'], { name: 'fk_status_reports_reported_by_person' })
@Check('ck_status_reports_subject', `("subject_type" = 'project' AND "project_id" IS NOT NULL AND "programme_id" IS NULL) OR ("subject_type" = 'programme' AND "programme_id" IS NOT NULL AND "project_id" IS NULL)`)
@Check('ck_status_reports_period', `"period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
@Check('ck_status_reports_overall', `"overall" IN ('green', 'amber_green', 'amber', 'amber_red', 'red')`)
@Check('ck_status_reports_dimensions', `"schedule" IN ('green', 'amber', 'red') AND "cost" IN ('green', 'amber', 'red') AND "scope" IN ('green', 'amber', 'red') AND "benefits" IN ('green', 'amber', 'red') AND "risk" IN ('green', 'amber', 'red') AND "resourcing" IN ('green', 'amber', 'red')`)
@Check('ck_status_reports_narrative', `"narrative" IS NOT NULL OR ("overall" = 'green' AND "schedule" = 'green' AND "cost" = 'green' AND "scope" = 'green' AND "benefits" = 'green' AND "risk" = 'green' AND "resourcing" = 'green')`)
export class StatusReportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_status_reports' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_status_reports_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 16 })
  subjectType: SubjectType;

  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ type: 'uuid', nullable: true })
  programmeId: string | null;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'integer', default: 1 })
  revision: number;

  @Column({ type: 'varchar', length: 16 })
  overall: DeliveryConfidence;

  @Column({ type: 'varchar', length: 8 })
  schedule: Rag;

  @Column({ type: 'varchar', length: 8 })
  cost: Rag;

  @Column({ type: 'varchar', length: 8 })
  scope: Rag;

  @Column({ type: 'varchar', length: 8 })
  benefits: Rag;

  @Column({ type: 'varchar', length: 8 })
  risk: Rag;

  @Column({ type: 'varchar', length: 8 })
  resourcing: Rag;

  @Column({ type: 'text', nullable: true })
  narrative: string | null;

  @Column({ type: 'text', nullable: true })
  keyRisks: string | null;

  @Column({ type: 'text', nullable: true })
  decisionsNeeded: string | null;

  @Column({ type: 'varchar', length: 100 })
  reportedBy: string;

  @Column({ type: 'uuid', nullable: true })
  reportedByTokenId: string | null;

  /** The person who submitted it (none for integration tokens and reports made before people signed in). */
  @Column({ type: 'uuid', nullable: true })
  reportedByPersonId: string | null;

  /** When the report was written (the name predates sign-off). */
  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt: Date;

  /** Bulk loads of past reports (no state given) are approved; the service always sets it. */
  @Column({ type: 'varchar', length: 16, default: 'approved' })
  state: ReportState;

  /** When it was last sent to the SRO or programme manager for approval. */
  @Column({ type: 'timestamptz', nullable: true })
  sentForApprovalAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  approvedByPersonId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  returnedByPersonId: string | null;

  /** Why it was last returned; kept when it is submitted again. */
  @Column({ type: 'text', nullable: true })
  returnComment: string | null;
}
