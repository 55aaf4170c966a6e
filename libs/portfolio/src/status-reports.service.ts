import { Injectable } from '@nestjs/common';
import { Actor, currentPeriod, Cursor, Db, emitEvent, Page, PageQuery, pageSize, Problem, TenantTx, toPage } from '@app/platform';
import { DeliveryConfidence, Dimension, DIMENSIONS, Rag, SubjectType } from './portfolio.enums';
import { ProgrammeEntity } from './programme.entity';
import { ProjectEntity } from './project.entity';
import { StatusReportEntity } from './status-report.entity';
import { StatusReportView, toStatusReportView } from './portfolio.views';

export interface StatusReportInput {
  period: string;
  overall: DeliveryConfidence;
  dimensions: Record<Dimension, Rag>;
  narrative?: string | null;
  keyRisks?: string | null;
  decisionsNeeded?: string | null;
}

export interface Subject {
  type: SubjectType;
  id: string;
}

const COLUMNS = `r.id, r.organisation_id, r.subject_type, r.project_id, r.programme_id, r.period, r.revision, r.overall,
  r.schedule, r.cost, r.scope, r.benefits, r.risk, r.resourcing, r.narrative, r.key_risks, r.decisions_needed,
  r.reported_by, r.reported_by_token_id, r.reported_by_person_id, r.submitted_at`;

/** A report is current when no later revision exists for its subject and period. */
const IS_CURRENT = `NOT EXISTS (SELECT 1 FROM status_reports n WHERE n.organisation_id = r.organisation_id AND n.period = r.period
  AND n.revision > r.revision AND n.project_id IS NOT DISTINCT FROM r.project_id AND n.programme_id IS NOT DISTINCT FROM r.programme_id)`;

interface ReportRow {
  id: string;
  subject_type: SubjectType;
  project_id: string | null;
  programme_id: string | null;
  period: string;
  revision: number;
  overall: DeliveryConfidence;
  narrative: string | null;
  key_risks: string | null;
  decisions_needed: string | null;
  reported_by: string;
  reported_by_token_id: string | null;
  reported_by_person_id: string | null;
  submitted_at: Date;
  is_current: boolean;
  [dimension: string]: unknown;
}

function toEntity(row: ReportRow): StatusReportEntity {
  const entity = new StatusReportEntity();
  Object.assign(entity, {
    id: row.id,
    subjectType: row.subject_type,
    projectId: row.project_id,
    programmeId: row.programme_id,
    period: row.period,
    revision: row.revision,
    overall: row.overall,
    narrative: row.narrative,
    keyRisks: row.key_risks,
    decisionsNeeded: row.decisions_needed,
    reportedBy: row.reported_by,
    reportedByTokenId: row.reported_by_token_id,
    reportedByPersonId: row.reported_by_person_id,
    submittedAt: row.submitted_at,
  });
  for (const d of DIMENSIONS) (entity as unknown as Record<string, unknown>)[d] = row[d];
  return entity;
}

const subjectColumn = (type: SubjectType): string => (type === 'project' ? 'project_id' : 'programme_id');

/**
 * Status reports are immutable once submitted: a second report for the same period is a new
 * revision that supersedes the first, and both stay readable.
 */
@Injectable()
export class StatusReportsService {
  constructor(private readonly db: Db) {}

  private async assertSubject(tx: TenantTx, subject: Subject): Promise<void> {
    const found = subject.type === 'project' ? await tx.findOne(ProjectEntity, { id: subject.id }) : await tx.findOne(ProgrammeEntity, { id: subject.id });
    if (!found) throw Problem.notFound(subject.type);
  }

  submit(actor: Actor, subject: Subject, input: StatusReportInput): Promise<StatusReportView> {
    if (input.period > currentPeriod()) throw Problem.validation([{ field: 'period', message: `period ${input.period} is in the future; report on the current or a past period` }]);
    const allGreen = input.overall === 'green' && DIMENSIONS.every((d) => input.dimensions[d] === 'green');
    if (!allGreen && !input.narrative?.trim()) {
      throw Problem.validation([{ field: 'narrative', message: 'narrative is required unless the overall rating and every dimension are green: say why' }]);
    }
    return this.db.tenant(actor, async (tx) => {
      await this.assertSubject(tx, subject);
      // Serialise reports for one subject and period so revisions number cleanly.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`status_report:${tx.organisationId}:${subject.id}:${input.period}`]);
      const column = subjectColumn(subject.type);
      const [{ next }] = await tx.query<{ next: number }>(
        `SELECT coalesce(max(revision), 0) + 1 AS next FROM status_reports WHERE organisation_id = $1 AND ${column} = $2 AND period = $3`,
        [tx.organisationId, subject.id, input.period],
      );
      const row = await tx.insert(StatusReportEntity, {
        subjectType: subject.type,
        projectId: subject.type === 'project' ? subject.id : null,
        programmeId: subject.type === 'programme' ? subject.id : null,
        period: input.period,
        revision: next,
        overall: input.overall,
        ...input.dimensions,
        narrative: input.narrative?.trim() || null,
        keyRisks: input.keyRisks ?? null,
        decisionsNeeded: input.decisionsNeeded ?? null,
        reportedBy: actor.name,
        reportedByTokenId: actor.tokenId,
        reportedByPersonId: actor.personId ?? null,
      });
      const view = toStatusReportView(row, true);
      await tx.audit({ action: next > 1 ? 'status_report.superseded' : 'status_report.submitted', entityType: 'status_report', entityId: row.id, after: view });
      await emitEvent(tx, 'status_report.submitted', {
        statusReportId: row.id,
        subjectType: subject.type,
        projectId: view.projectId,
        programmeId: view.programmeId,
        period: view.period,
        revision: view.revision,
        overall: view.overall,
        reportedBy: view.reportedBy,
      });
      return view;
    });
  }

  /** A subject's history, newest period first and, within a period, newest revision first. */
  history(actor: Actor, subject: Subject, query: PageQuery & { period?: string }): Promise<Page<StatusReportView>> {
    const limit = pageSize(query);
    const after = Cursor.decode(query.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      await this.assertSubject(tx, subject);
      const column = subjectColumn(subject.type);
      const params: unknown[] = [tx.organisationId, subject.id, limit + 1];
      let where = '';
      if (query.period) {
        params.push(query.period);
        where += ` AND r.period = $${params.length}`;
      }
      if (after) {
        params.push(after[0], after[1]);
        where += ` AND (r.period, r.revision) < ($${params.length - 1}, $${params.length})`;
      }
      const rows = await tx.query<ReportRow>(
        `SELECT ${COLUMNS}, ${IS_CURRENT} AS is_current
           FROM status_reports r
          WHERE r.organisation_id = $1 AND r.${column} = $2 ${where}
          ORDER BY r.period DESC, r.revision DESC
          LIMIT $3`,
        params,
      );
      return toPage(rows, limit, (r) => [r.period, r.revision], (r) => toStatusReportView(toEntity(r), r.is_current));
    });
  }

  get(actor: Actor, id: string): Promise<StatusReportView> {
    return this.db.tenant(actor, async (tx) => {
      const rows = await tx.query<ReportRow>(
        `SELECT ${COLUMNS}, ${IS_CURRENT} AS is_current FROM status_reports r WHERE r.organisation_id = $1 AND r.id = $2`,
        [tx.organisationId, id],
      );
      if (!rows[0]) throw Problem.notFound('status report');
      return toStatusReportView(toEntity(rows[0]), rows[0].is_current);
    });
  }
}
