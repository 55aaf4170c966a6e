import { Injectable } from '@nestjs/common';
import { Actor, assertVersion, Cursor, Db, isUniqueViolation, Page, PageQuery, pageSize, Problem, TenantTx, todayInLondon } from '@app/platform';
import type { Direction, EvaluationStatus, Frequency, KpiKind, KpiStatus } from './kpi.enums';
import { DEFAULT_TOLERANCE_PCT } from './kpi.enums';
import { Kpi, kpiAuditView, kpiFromRow, KpiView, toKpiView } from './kpi.model';
import { findKpiWithLatest, findProject, KpiListFilter, listKpisWithLatest } from './kpi.queries';
import { definitionProblems } from './kpi.rules';
import { templateFor } from './kpi-templates';
import { namedProject } from '@app/portfolio';
import { KpiEntity } from './kpi.entity';

export interface KpiFields {
  name?: string;
  unit?: string | null;
  direction?: Direction;
  baselineValue?: number | null;
  baselineDate?: string | null;
  targetValue?: number | null;
  targetDate?: string | null;
  tolerancePct?: number;
  frequency?: Frequency;
  owner?: string | null;
  dataSource?: string | null;
  description?: string | null;
}

export interface CreateKpiInput extends KpiFields {
  projectId: string;
  kind: KpiKind;
}

export interface UpdateKpiInput extends KpiFields {
  kind?: KpiKind;
  status?: KpiStatus;
}

/** A project named by the integrating tool's own reference instead of our id. */
export interface ProjectRef {
  source: string;
  id: string;
}

/** An upsert by reference: the KPI's fields as a merge patch, and its project by id or by reference. */
export interface UpsertKpiInput extends UpdateKpiInput {
  projectId?: string;
  project?: ProjectRef;
}

/** The KPI's external reference: the tool (e.g. "jira") and its own id. */
export interface KpiRef {
  source: string;
  externalId: string;
}

export interface ListKpisQuery extends KpiListFilter, PageQuery {
  /** Evaluation status. */
  status?: EvaluationStatus;
  stale?: boolean;
}

/** Rows fetched per round when filtering on the evaluation, which only TypeScript computes. */
const SCAN_CHUNK = 500;

/** Numeric columns take decimal text; a JSON number converts exactly to its shortest decimal form. */
const decimal = (n: number | null | undefined): string | null | undefined => (n === undefined ? undefined : n === null ? null : String(n));

/** KPI definitions: create, read with evaluation, list, update with If-Match. */
@Injectable()
export class KpisService {
  constructor(private readonly db: Db) {}

  create(actor: Actor, input: CreateKpiInput): Promise<KpiView> {
    return this.db.tenant(actor, async (tx) => {
      if (!(await findProject(tx, input.projectId))) throw Problem.notFound('project');
      return this.insert(tx, input);
    });
  }

  /** Inserts a KPI of a project already checked to be visible, filling the kind's template. */
  private async insert(tx: TenantTx, input: CreateKpiInput, ref?: KpiRef): Promise<KpiView> {
    const template = templateFor(input.kind);
    const name = input.name ?? template?.name;
    const direction = input.direction ?? template?.direction;
    const missing = [
      ...(name === undefined ? [{ field: 'name', message: 'name is required for a custom KPI' }] : []),
      ...(direction === undefined ? [{ field: 'direction', message: 'direction (increase or decrease) is required for a custom KPI' }] : []),
    ];
    if (missing.length) throw Problem.validation(missing);
    const definition = {
      kind: input.kind,
      direction: direction as Direction,
      baselineValue: input.baselineValue ?? null,
      baselineDate: input.baselineDate ?? null,
      targetValue: input.targetValue ?? null,
      targetDate: input.targetDate ?? null,
    };
    const problems = definitionProblems(definition);
    if (problems.length) throw Problem.validation(problems);
    const row = await tx.insert(KpiEntity, {
      projectId: input.projectId,
      name: name as string,
      kind: input.kind,
      unit: input.unit === undefined ? (template?.unit ?? null) : input.unit,
      direction: definition.direction,
      baselineValue: decimal(definition.baselineValue),
      baselineDate: definition.baselineDate,
      targetValue: decimal(definition.targetValue),
      targetDate: definition.targetDate,
      tolerancePct: String(input.tolerancePct ?? DEFAULT_TOLERANCE_PCT),
      frequency: input.frequency ?? 'monthly',
      owner: input.owner ?? null,
      dataSource: input.dataSource ?? null,
      description: input.description ?? null,
      externalSource: ref?.source ?? null,
      externalId: ref?.externalId ?? null,
    });
    const { kpi, latest } = await this.load(tx, row.id);
    await tx.audit({ action: 'kpi.created', entityType: 'kpi', entityId: kpi.id, after: kpiAuditView(kpi) });
    return toKpiView(kpi, latest, new Date());
  }

  get(actor: Actor, id: string): Promise<KpiView> {
    return this.db.tenant(actor, async (tx) => {
      const { kpi, latest } = await this.load(tx, id);
      return toKpiView(kpi, latest, new Date());
    });
  }

  /**
   * Lists KPIs with their evaluation. Filters on the evaluation (status, stale) are applied in
   * TypeScript, so the SQL pages through the organisation's KPIs until the page is full.
   */
  list(actor: Actor, query: ListKpisQuery): Promise<Page<KpiView>> {
    const limit = pageSize(query);
    const start = Cursor.decode(query.cursor, 2) as [string, string] | null;
    const evaluated = query.status !== undefined || query.stale !== undefined;
    const asOf = new Date();
    const today = todayInLondon(asOf);
    return this.db.tenant(actor, async (tx) => {
      const kept: KpiView[] = [];
      let after = start;
      const chunk = evaluated ? SCAN_CHUNK : limit + 1;
      for (;;) {
        const rows = await listKpisWithLatest(tx, today, query, after, chunk);
        for (const row of rows) {
          const { kpi, latest } = kpiFromRow(row);
          const view = toKpiView(kpi, latest, asOf);
          if (query.status !== undefined && view.evaluation.status !== query.status) continue;
          if (query.stale !== undefined && view.evaluation.stale !== query.stale) continue;
          kept.push(view);
          if (kept.length > limit) break;
        }
        if (kept.length > limit || rows.length < chunk) break;
        const last = kpiFromRow(rows[rows.length - 1]).kpi;
        after = [last.createdAt.toISOString(), last.id];
      }
      const more = kept.length > limit;
      const page = kept.slice(0, limit);
      const last = page[page.length - 1];
      return { data: page, nextCursor: more ? Cursor.encode([last.createdAt, last.id]) : null };
    });
  }

  update(actor: Actor, id: string, expectedVersion: number, patch: UpdateKpiInput): Promise<KpiView> {
    return this.db.tenant(actor, async (tx) => {
      const locked = await tx.findOneForUpdate(KpiEntity, { id });
      if (!locked) throw Problem.notFound('KPI');
      assertVersion(expectedVersion, locked.version);
      return this.patch(tx, id, patch);
    });
  }

  /**
   * Integration upsert keyed by the tool's own id, as a JSON Merge Patch (RFC 7396): creates the KPI
   * the first time (its project and kind needed) and after that changes only the fields sent, so
   * what people entered (an owner, a description) is kept; null clears a field. The project is named
   * by our id or by the project's own reference, so a sync never needs our ids. Sending the same body
   * again changes nothing, not even the version. Two identical first calls racing: the loser's
   * insert breaks the unique reference and it runs once more, now as an update of the winner's KPI.
   */
  async upsertByRef(actor: Actor, ref: KpiRef, input: UpsertKpiInput): Promise<{ created: boolean; kpi: KpiView }> {
    try {
      return await this.upsertOnce(actor, ref, input);
    } catch (error) {
      if (!isUniqueViolation(error, 'uq_kpis_organisation_id_external_ref')) throw error;
      // Taken again on the second run, when a racing winner's KPI would be found: it is under a project this caller may not see.
      return this.upsertOnce(actor, ref, input).catch((again: unknown) => {
        throw isUniqueViolation(again, 'uq_kpis_organisation_id_external_ref') ? Problem.notFound('KPI') : again;
      });
    }
  }

  private upsertOnce(actor: Actor, ref: KpiRef, input: UpsertKpiInput): Promise<{ created: boolean; kpi: KpiView }> {
    const { projectId: _projectId, project: _project, ...patch } = input;
    return this.db.tenant(actor, async (tx) => {
      const projectId = await namedProject(tx, input);
      const existing = await tx.findOneForUpdate(KpiEntity, { externalSource: ref.source, externalId: ref.externalId });
      if (!existing) {
        const missing = [
          ...(projectId ? [] : [{ field: 'projectId', message: 'projectId or project (its source and id) is required to create the KPI (it does not exist yet under this reference)' }]),
          ...(patch.kind === undefined ? [{ field: 'kind', message: 'kind is required to create the KPI (it does not exist yet under this reference)' }] : []),
        ];
        if (missing.length) throw Problem.validation(missing);
        return { created: true, kpi: await this.insert(tx, { ...patch, projectId: projectId!, kind: patch.kind! }, ref) };
      }
      if (projectId && projectId !== existing.projectId) {
        throw Problem.validation([{ field: input.project ? 'project' : 'projectId', message: 'a KPI stays with its project; retire this KPI and create one under the other project' }]);
      }
      return { created: false, kpi: await this.patch(tx, existing.id, patch) };
    });
  }

  /** Applies the fields sent to a locked KPI; writes (and audits) only what changed. */
  private async patch(tx: TenantTx, id: string, patch: UpdateKpiInput): Promise<KpiView> {
    const { kpi: current } = await this.load(tx, id);
    if (patch.kind !== undefined && patch.kind !== current.kind) {
      throw Problem.validation([{ field: 'kind', message: 'kind cannot be changed; retire this KPI and create a new one' }]);
    }
    const merged: Kpi = { ...current };
    for (const [key, value] of Object.entries(patch)) if (value !== undefined && key !== 'kind') (merged as unknown as Record<string, unknown>)[key] = value;
    const problems = definitionProblems(merged);
    if (problems.length) throw Problem.validation(problems);
    const before = kpiAuditView(current);
    const after = kpiAuditView(merged);
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => after[key] !== before[key]);
    if (changed.length > 0) {
      const changes: Record<string, unknown> = {};
      for (const key of changed) changes[key] = key === 'baselineValue' || key === 'targetValue' || key === 'tolerancePct' ? decimal(after[key] as number | null) : after[key];
      await tx.manager.update(KpiEntity, { id, organisationId: tx.organisationId }, changes);
      await tx.audit({
        action: 'kpi.updated',
        entityType: 'kpi',
        entityId: id,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
    }
    const { kpi, latest } = await this.load(tx, id);
    return toKpiView(kpi, latest, new Date());
  }

  private async load(tx: TenantTx, id: string) {
    const row = await findKpiWithLatest(tx, id, todayInLondon());
    if (!row) throw Problem.notFound('KPI');
    return kpiFromRow(row);
  }
}
