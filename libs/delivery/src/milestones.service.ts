import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor, Db, emitEvent, isUniqueViolation, Problem, requireIfMatch, TenantTx, updateVersioned } from '@app/platform';
import { MADE_DECISIONS_SQL, placeRecord, requirePerson } from '@app/accountability';
import { namedProject } from '@app/portfolio';
import type { MilestoneStatus } from './delivery.enums';
import { MILESTONE_BASELINES_SQL } from './delivery.queries';
import { checkBaselineKept, MilestoneRef, requiredToCreate, UpsertMilestone } from './milestone-by-ref';
import { MilestoneRebaselineEntity } from './milestone-rebaseline.entity';
import { MilestoneEntity } from './milestone.entity';
import { MilestoneRow, MilestoneView, RebaselineView, toMilestoneView } from './milestone.views';

export interface NewMilestone {
  title: string;
  baselineDate: string;
  forecastDate?: string;
  actualDate?: string | null;
  status?: MilestoneStatus;
  ownerPersonId: string;
}

/** What may change on a milestone: never its baseline (that is a re-baseline decision). */
export interface MilestonePatch {
  title?: string;
  forecastDate?: string;
  actualDate?: string | null;
  status?: MilestoneStatus;
  ownerPersonId?: string;
}

export interface Rebaseline {
  decisionId: string;
  baselineDate: string;
}

/** An achieved milestone has its actual date, and only an achieved one does (400 naming the field otherwise). */
function checkAchieved(m: { status: MilestoneStatus; actualDate: string | null }): void {
  if (m.status === 'achieved' && !m.actualDate) throw Problem.validation([{ field: 'actualDate', message: 'actualDate is required when the milestone is achieved' }]);
  if (m.status !== 'achieved' && m.actualDate) throw Problem.validation([{ field: 'status', message: 'a milestone with an actualDate is achieved: send status "achieved" or no actualDate' }]);
}

const SELECT = `SELECT m.id, m.programme_id, m.project_id, m.title, to_char(m.original_baseline_date, 'YYYY-MM-DD') AS original_baseline_date,
       to_char(m.baseline_date, 'YYYY-MM-DD') AS baseline_date, to_char(m.forecast_date, 'YYYY-MM-DD') AS forecast_date,
       to_char(m.actual_date, 'YYYY-MM-DD') AS actual_date, m.status, m.owner_person_id, m.slip_days, x.external_source, x.external_id, x.version, x.created_at, x.updated_at
  FROM ${MILESTONE_BASELINES_SQL} m JOIN milestones x ON x.organisation_id = m.organisation_id AND x.id = m.id`;

/** Milestones of projects and programmes, and their re-baselines (each one a made decision of the decision log). */
@Injectable()
export class MilestonesService {
  constructor(private readonly db: Db) {}

  create(actor: Actor, where: { projectId?: string; programmeId?: string }, input: NewMilestone): Promise<MilestoneView> {
    return this.db.tenant(actor, (tx) => this.insert(tx, where, input));
  }

  get(actor: Actor, id: string): Promise<MilestoneView> {
    return this.db.tenant(actor, (tx) => this.read(tx, id));
  }

  /** A project's milestones, or a programme's own and its projects', by current baseline. */
  list(actor: Actor, where: { projectId?: string; programmeId?: string }): Promise<MilestoneView[]> {
    return this.db.tenant(actor, async (tx) => {
      await placeRecord(tx, where);
      return this.readMany(tx, where.projectId ? `m.project_id = $2` : `m.programme_id = $2`, [where.projectId ?? where.programmeId]);
    });
  }

  update(actor: Actor, id: string, ifMatch: string | undefined, patch: MilestonePatch): Promise<MilestoneView> {
    return this.db.tenant(actor, async (tx) => {
      const current = await tx.findOne(MilestoneEntity, { id });
      if (!current) throw Problem.notFound('milestone');
      return this.applyPatch(tx, current, requireIfMatch(ifMatch), patch);
    });
  }

  /**
   * Integration upsert keyed by the tool's own id, as a JSON Merge Patch (RFC 7396): creates the
   * milestone the first time (its project, title, baseline and owner needed) and after that changes
   * only the fields sent, by the same rules as PATCH; the baseline still moves only by a re-baseline
   * decision. Sending the same body again changes nothing, not even the version. Two identical first
   * calls racing: the loser's insert breaks the unique reference and it runs once more, as an update.
   */
  async upsertByRef(actor: Actor, ref: MilestoneRef, input: UpsertMilestone): Promise<{ created: boolean; milestone: MilestoneView }> {
    try {
      return await this.upsertOnce(actor, ref, input);
    } catch (error) {
      if (!isUniqueViolation(error, 'uq_milestones_organisation_id_external_ref')) throw error;
      // Taken again on the second run, when a racing winner's milestone would be found: it is in a programme this caller may not see.
      return this.upsertOnce(actor, ref, input).catch((again: unknown) => {
        throw isUniqueViolation(again, 'uq_milestones_organisation_id_external_ref') ? Problem.notFound('milestone') : again;
      });
    }
  }

  private upsertOnce(actor: Actor, ref: MilestoneRef, input: UpsertMilestone): Promise<{ created: boolean; milestone: MilestoneView }> {
    const { projectId: _projectId, project: _project, ...fields } = input;
    return this.db.tenant(actor, async (tx) => {
      const projectId = await namedProject(tx, input);
      const existing = await tx.findOneForUpdate(MilestoneEntity, { externalSource: ref.source, externalId: ref.externalId });
      if (!existing) {
        const { projectId: placeIn, ...create } = requiredToCreate(fields, projectId);
        return { created: true, milestone: await this.insert(tx, { projectId: placeIn }, create, ref) };
      }
      if (projectId && projectId !== existing.projectId) {
        throw Problem.validation([{ field: input.project ? 'project' : 'projectId', message: 'a milestone stays with its project; cancel this one and create one under the other project' }]);
      }
      const { baselineDate, ...patch } = fields;
      if (baselineDate !== undefined) checkBaselineKept(await this.read(tx, existing.id), baselineDate);
      return { created: false, milestone: await this.applyPatch(tx, existing, existing.version, patch) };
    });
  }

  private async insert(tx: TenantTx, where: { projectId?: string; programmeId?: string }, input: NewMilestone, ref?: MilestoneRef): Promise<MilestoneView> {
    const placement = await placeRecord(tx, where);
    await requirePerson(tx, input.ownerPersonId, 'ownerPersonId');
    const status = input.status ?? (input.actualDate ? 'achieved' : 'not_started');
    checkAchieved({ status, actualDate: input.actualDate ?? null });
    const row = await tx.insert(MilestoneEntity, {
      ...placement, title: input.title, baselineDate: input.baselineDate, forecastDate: input.forecastDate ?? input.baselineDate,
      actualDate: input.actualDate ?? null, status, ownerPersonId: input.ownerPersonId, externalSource: ref?.source ?? null, externalId: ref?.externalId ?? null,
    });
    const view = await this.read(tx, row.id);
    await tx.audit({ action: 'milestone.created', entityType: 'milestone', entityId: row.id, after: view });
    return view;
  }

  /** Applies the fields sent to a milestone read in this transaction; writes (and audits) only what changed. */
  private async applyPatch(tx: TenantTx, current: MilestoneEntity, expectedVersion: number, patch: MilestonePatch): Promise<MilestoneView> {
    if (patch.ownerPersonId) await requirePerson(tx, patch.ownerPersonId, 'ownerPersonId');
    // Sending an actual date achieves the milestone; sending another status clears it.
    const effective = { ...patch };
    if (patch.actualDate && patch.status === undefined) effective.status = 'achieved';
    if (patch.status && patch.status !== 'achieved' && patch.actualDate === undefined) effective.actualDate = null;
    const updated = await updateVersioned(tx, MilestoneEntity, current.id, expectedVersion, effective, {
      what: 'milestone', entityType: 'milestone', view: (m) => ({ ...m }), check: checkAchieved,
    });
    const after = await this.read(tx, current.id);
    if (current.status !== 'achieved' && updated.status === 'achieved') {
      await emitEvent(tx, 'milestone.achieved', { milestoneId: current.id, projectId: after.projectId, programmeId: after.programmeId, title: after.title, baselineDate: after.baselineDate, actualDate: after.actualDate, slipDays: after.slipDays });
    }
    return after;
  }

  /**
   * Sets a new baseline as a decision agreed it: the decision must be made, and be the milestone's
   * project's (or, for a programme's milestone, the programme's). The baseline first agreed stays.
   */
  rebaseline(actor: Actor, id: string, input: Rebaseline): Promise<MilestoneView> {
    return this.db.tenant(actor, async (tx) => {
      const before = await this.read(tx, id);
      const [decision] = await tx.query<{ id: string; programme_id: string; project_id: string | null }>(
        `SELECT x.id, x.programme_id, x.project_id FROM ${MADE_DECISIONS_SQL} x WHERE x.organisation_id = $1 AND x.id = $2`,
        [tx.organisationId, input.decisionId],
      );
      const sameSubject = decision && decision.programme_id === before.programmeId && (before.projectId === null ? decision.project_id === null : decision.project_id === before.projectId);
      if (!sameSubject) throw Problem.validation([{ field: 'decisionId', message: `decisionId must be a made decision of this milestone's ${before.projectId ? 'project' : 'programme'} (record it in the decision log first)` }]);
      if (input.baselineDate === before.baselineDate) throw Problem.validation([{ field: 'baselineDate', message: `baselineDate is already ${before.baselineDate}` }]);
      const row = await tx.insert(MilestoneRebaselineEntity, { milestoneId: id, decisionId: input.decisionId, previousBaselineDate: before.baselineDate, baselineDate: input.baselineDate });
      const after = await this.read(tx, id);
      await tx.audit({ action: 'milestone.rebaselined', entityType: 'milestone', entityId: id, before, after });
      await emitEvent(tx, 'milestone.rebaselined', { milestoneId: id, rebaselineId: row.id, decisionId: input.decisionId, projectId: after.projectId, programmeId: after.programmeId, title: after.title, previousBaselineDate: before.baselineDate, baselineDate: after.baselineDate, forecastDate: after.forecastDate });
      return after;
    });
  }

  /** The organisation's governance settings, for the delivery thresholds (deliverySettings). */
  settings(actor: Actor): Promise<Record<string, unknown> | undefined> {
    return this.db.tenant(actor, async (tx) => {
      const [row] = await tx.query<{ governance: Record<string, unknown> | null }>(`SELECT settings->'governance' AS governance FROM organisations WHERE id = $1`, [tx.organisationId]);
      return row?.governance ?? undefined;
    });
  }

  private async read(tx: TenantTx, id: string): Promise<MilestoneView> {
    const [view] = await this.readMany(tx, `m.id = $2`, [id]);
    if (!view) throw Problem.notFound('milestone');
    return view;
  }

  private async readMany(tx: TenantTx, condition: string, params: unknown[]): Promise<MilestoneView[]> {
    const rows = await tx.query<MilestoneRow>(`${SELECT} WHERE ${condition} ORDER BY m.baseline_date, m.title, m.id`, [tx.organisationId, ...params]);
    if (rows.length === 0) return [];
    const rebaselines = await tx.find(MilestoneRebaselineEntity, { where: { milestoneId: In(rows.map((r) => r.id)) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const of = (milestoneId: string): RebaselineView[] =>
      rebaselines.filter((r) => r.milestoneId === milestoneId).map((r) => ({ id: r.id, decisionId: r.decisionId, previousBaselineDate: r.previousBaselineDate, baselineDate: r.baselineDate, createdAt: r.createdAt.toISOString() }));
    return rows.map((r) => toMilestoneView(r, of(r.id)));
  }
}
