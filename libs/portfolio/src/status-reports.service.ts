import { Injectable } from '@nestjs/common';
import { Actor, currentPeriod, Cursor, Db, emitEvent, holdsRole, Page, peopleInRolesSql, PageQuery, pageSize, Problem, TenantTx, toPage } from '@app/platform';
import { notify } from '@app/notifications';
import { DeliveryConfidence, Dimension, DIMENSIONS, Rag, ReportState, SubjectType } from './portfolio.enums';
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
  /** Keep it as a draft instead of submitting it for approval. */
  draft?: boolean;
}

export interface Subject {
  type: SubjectType;
  id: string;
}

const COLUMNS = `r.id, r.organisation_id, r.subject_type, r.project_id, r.programme_id, r.period, r.revision, r.overall,
  r.schedule, r.cost, r.scope, r.benefits, r.risk, r.resourcing, r.narrative, r.key_risks, r.decisions_needed,
  r.reported_by, r.reported_by_token_id, r.reported_by_person_id, r.submitted_at, r.state, r.sent_for_approval_at,
  r.approved_at, r.approved_by_person_id, r.returned_at, r.returned_by_person_id, r.return_comment`;

/** A report is current when no later revision, other than a draft, exists for its subject and period. */
const IS_CURRENT = `NOT EXISTS (SELECT 1 FROM status_reports n WHERE n.organisation_id = r.organisation_id AND n.period = r.period
  AND n.revision > r.revision AND n.project_id IS NOT DISTINCT FROM r.project_id AND n.programme_id IS NOT DISTINCT FROM r.programme_id
  AND n.state <> 'draft')`;

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
  state: ReportState;
  sent_for_approval_at: Date | null;
  approved_at: Date | null;
  approved_by_person_id: string | null;
  returned_at: Date | null;
  returned_by_person_id: string | null;
  return_comment: string | null;
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
    state: row.state,
    sentForApprovalAt: row.sent_for_approval_at,
    approvedAt: row.approved_at,
    approvedByPersonId: row.approved_by_person_id,
    returnedAt: row.returned_at,
    returnedByPersonId: row.returned_by_person_id,
    returnComment: row.return_comment,
  });
  for (const d of DIMENSIONS) (entity as unknown as Record<string, unknown>)[d] = row[d];
  return entity;
}

/** The SRO and programme managers of programme $2, as (person_id). */
const approversSql = peopleInRolesSql('$1', '$2::uuid', 'NULL::uuid', ['sro', 'programme_manager']);

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
        state: input.draft ? 'draft' : 'submitted',
        sentForApprovalAt: input.draft ? null : new Date(),
      });
      const view = toStatusReportView(row, true);
      await tx.audit({ action: input.draft ? 'status_report.drafted' : next > 1 ? 'status_report.superseded' : 'status_report.submitted', entityType: 'status_report', entityId: row.id, after: view });
      if (input.draft) return view;
      await this.assertSubmitter(tx, actor, subject);
      await this.tellApprovers(tx, actor, row);
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

  /**
   * The project manager submits a draft for approval (for a programme's report: its programme
   * manager or SRO). People with the admin or pmo role may submit on their behalf; integration
   * tokens, which belong to no person, submit what the project tool sends.
   */
  private async assertSubmitter(tx: TenantTx, actor: Actor, subject: Subject): Promise<void> {
    if (!actor.personId) return;
    if ((actor.roles ?? []).some((r) => r === 'admin' || r === 'pmo')) return;
    const allowed =
      subject.type === 'project'
        ? await holdsRole(tx, actor.personId, { projectId: subject.id }, ['project_manager'])
        : await holdsRole(tx, actor.personId, { programmeId: subject.id }, ['programme_manager', 'sro']);
    if (!allowed) throw new Problem(403, 'submitter_required', `only the ${subject.type === 'project' ? "project's project manager" : "programme's manager or SRO"} may submit its status report; save it as a draft instead`);
  }

  /** The report's programme: where its approvers (SRO, programme manager) hold their roles. */
  private async programmeOf(tx: TenantTx, report: StatusReportEntity): Promise<string> {
    if (report.programmeId) return report.programmeId;
    const project = await tx.findOne(ProjectEntity, { id: report.projectId as string });
    return (project as ProjectEntity).programmeId;
  }

  private async subjectName(tx: TenantTx, report: StatusReportEntity): Promise<{ name: string; link: string }> {
    if (report.projectId) {
      const project = (await tx.findOne(ProjectEntity, { id: report.projectId })) as ProjectEntity;
      return { name: `${project.code} ${project.name}`, link: `/board/projects/${project.id}` };
    }
    const programme = (await tx.findOne(ProgrammeEntity, { id: report.programmeId as string })) as ProgrammeEntity;
    return { name: `${programme.code} ${programme.name}`, link: `/board?programme=${programme.id}` };
  }

  private async tellApprovers(tx: TenantTx, actor: Actor, report: StatusReportEntity): Promise<void> {
    const programmeId = await this.programmeOf(tx, report);
    const approvers = await tx.query<{ person_id: string }>(
      `SELECT DISTINCT person_id FROM (${approversSql}) a WHERE a.person_id IS DISTINCT FROM $3`,
      [tx.organisationId, programmeId, actor.personId ?? null],
    );
    const { name, link } = await this.subjectName(tx, report);
    await notify(tx, [
      {
        kind: 'report_awaiting_approval',
        eventKey: `report_awaiting_approval:${report.id}:${report.sentForApprovalAt?.toISOString() ?? ''}`,
        personIds: approvers.map((a) => a.person_id),
        subject: `Status report for ${name} (${report.period}) is waiting for your approval`,
        body: `${actor.name} submitted the ${report.period} status report for ${name}, rated ${report.overall.replace('_', '-')}. Please approve it, or return it with a comment saying what to change.`,
        link,
      },
    ]);
  }

  private async loadForSignOff(tx: TenantTx, id: string): Promise<StatusReportEntity & { isCurrent: boolean }> {
    const rows = await tx.query<ReportRow>(
      `SELECT ${COLUMNS}, ${IS_CURRENT} AS is_current FROM status_reports r WHERE r.organisation_id = $1 AND r.id = $2 FOR UPDATE OF r`,
      [tx.organisationId, id],
    );
    if (!rows[0]) throw Problem.notFound('status report');
    return Object.assign(toEntity(rows[0]), { isCurrent: rows[0].is_current });
  }

  /** A draft (new, or returned) goes to the SRO or programme manager for approval. */
  sendForApproval(actor: Actor, id: string): Promise<StatusReportView> {
    return this.db.tenant(actor, async (tx) => {
      const report = await this.loadForSignOff(tx, id);
      if (!report.isCurrent) throw Problem.conflict('report_superseded', 'a later revision of this report exists; submit that one');
      if (report.state !== 'draft') throw Problem.conflict('report_not_draft', `the report is ${report.state === 'submitted' ? 'already waiting for approval' : 'already approved'}`);
      await this.assertSubmitter(tx, actor, { type: report.subjectType, id: (report.projectId ?? report.programmeId) as string });
      const before = toStatusReportView(report, true);
      const [row] = await tx.query<ReportRow>(
        // A SELECT over the UPDATE's rows: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
        `WITH r AS (UPDATE status_reports SET state = 'submitted', sent_for_approval_at = clock_timestamp() WHERE organisation_id = $1 AND id = $2 RETURNING *)
         SELECT ${COLUMNS}, true AS is_current FROM r`,
        [tx.organisationId, id],
      );
      const updated = toEntity(row);
      const view = toStatusReportView(updated, true);
      await tx.audit({ action: 'status_report.submitted', entityType: 'status_report', entityId: id, before, after: view });
      await this.tellApprovers(tx, actor, updated);
      await emitEvent(tx, 'status_report.submitted', { statusReportId: id, subjectType: view.subjectType, projectId: view.projectId, programmeId: view.programmeId, period: view.period, revision: view.revision, overall: view.overall, reportedBy: view.reportedBy });
      return view;
    });
  }

  /** Only the programme's SRO or programme manager signs a report off, and never one they wrote. */
  private async assertApprover(tx: TenantTx, actor: Actor, report: StatusReportEntity): Promise<void> {
    const programmeId = await this.programmeOf(tx, report);
    if (!actor.personId || !(await holdsRole(tx, actor.personId, { programmeId }, ['sro', 'programme_manager']))) {
      throw new Problem(403, 'approver_required', "only the programme's SRO or programme manager may approve or return its status reports");
    }
    if (report.reportedByPersonId === actor.personId) throw new Problem(403, 'approver_required', 'you wrote this report: another SRO or programme manager signs off your own report');
  }

  approve(actor: Actor, id: string): Promise<StatusReportView> {
    return this.decide(actor, id, 'approve', null);
  }

  returnToDraft(actor: Actor, id: string, comment: string): Promise<StatusReportView> {
    if (!comment.trim()) throw Problem.validation([{ field: 'comment', message: 'say what should change before the report is submitted again' }]);
    return this.decide(actor, id, 'return', comment.trim());
  }

  private decide(actor: Actor, id: string, decision: 'approve' | 'return', comment: string | null): Promise<StatusReportView> {
    return this.db.tenant(actor, async (tx) => {
      const report = await this.loadForSignOff(tx, id);
      await this.assertApprover(tx, actor, report);
      if (report.state !== 'submitted') throw Problem.conflict('report_not_submitted', `the report is ${report.state === 'draft' ? 'a draft: it has not been submitted for approval' : 'already approved'}`);
      const before = toStatusReportView(report, report.isCurrent);
      const set =
        decision === 'approve'
          ? `state = 'approved', approved_at = clock_timestamp(), approved_by_person_id = $3`
          : `state = 'draft', returned_at = clock_timestamp(), returned_by_person_id = $3, return_comment = $4`;
      const params: unknown[] = [tx.organisationId, id, actor.personId];
      if (decision === 'return') params.push(comment);
      const [row] = await tx.query<ReportRow>(`WITH r AS (UPDATE status_reports SET ${set} WHERE organisation_id = $1 AND id = $2 RETURNING *) SELECT ${COLUMNS}, ${IS_CURRENT} AS is_current FROM r`, params);
      const updated = toEntity(row);
      const view = toStatusReportView(updated, row.is_current);
      await tx.audit({ action: decision === 'approve' ? 'status_report.approved' : 'status_report.returned', entityType: 'status_report', entityId: id, before, after: view });
      const data = { statusReportId: id, subjectType: view.subjectType, projectId: view.projectId, programmeId: view.programmeId, period: view.period, revision: view.revision };
      if (decision === 'approve') {
        await emitEvent(tx, 'status_report.approved', data);
      } else {
        await emitEvent(tx, 'status_report.returned', { ...data, comment });
        if (updated.reportedByPersonId) {
          const { name, link } = await this.subjectName(tx, updated);
          await notify(tx, [
            {
              kind: 'report_returned',
              eventKey: `report_returned:${id}:${updated.returnedAt?.toISOString() ?? ''}`,
              personIds: [updated.reportedByPersonId],
              subject: `Your status report for ${name} (${updated.period}) was returned`,
              body: `${actor.name} returned the ${updated.period} status report for ${name} with this comment:\n\n"${comment}"\n\nIt is a draft again. Change what is needed and submit it for approval.`,
              link,
            },
          ]);
        }
      }
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
