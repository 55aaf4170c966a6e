import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, isUniqueViolation, Page, pageSize, Problem, TenantTx, toPage, updateVersioned } from '@app/platform';
import { GroupKind, kindInternalMismatch } from './engagement.enums';
import { namedProject } from '@app/portfolio';
import { requireProject } from './evidence-scope';
import { StakeholderGroupFilter } from './filters';
import { StakeholderGroupEntity } from './stakeholder-group.entity';
import { StakeholderGroupView, toStakeholderGroupView } from './engagement.views';

export interface CreateStakeholderGroup {
  projectId: string;
  name: string;
  kind: GroupKind;
  internal: boolean;
  size?: number | null;
}

export type UpdateStakeholderGroup = Partial<Pick<StakeholderGroupEntity, 'name' | 'kind' | 'internal' | 'size'>>;

function checkKind(kind: GroupKind, internal: boolean): void {
  const mismatch = kindInternalMismatch(kind, internal);
  if (mismatch) throw Problem.validation([{ field: 'internal', message: mismatch }]);
}

/** A merge patch of a group (RFC 7396), its project named by id or by the project's own reference. */
export interface UpsertStakeholderGroup extends UpdateStakeholderGroup {
  projectId?: string;
  project?: { source: string; id: string };
}

/** The fields a new group cannot do without; an upsert that would create one without them is a 400 naming each. */
function requiredToCreate(patch: UpdateStakeholderGroup, projectId: string | null): CreateStakeholderGroup {
  const missing = [
    ...(projectId ? [] : [{ field: 'projectId', message: 'projectId or project (its source and id) is required to create the group (it does not exist yet under this reference)' }]),
    ...(['name', 'kind', 'internal'] as const).filter((field) => patch[field] === undefined).map((field) => ({ field, message: `${field} is required to create the group (it does not exist yet under this reference)` })),
  ];
  if (missing.length) throw Problem.validation(missing);
  return { ...patch, projectId } as CreateStakeholderGroup;
}

const nameTaken = (name: string) => Problem.conflict('group_name_taken', `the project already has a stakeholder group called "${name}"`);

@Injectable()
export class StakeholderGroupsService {
  constructor(private readonly db: Db) {}

  create(actor: Actor, input: CreateStakeholderGroup): Promise<StakeholderGroupView> {
    checkKind(input.kind, input.internal);
    return this.db.tenant(actor, async (tx) => {
      await requireProject(tx, input.projectId);
      const row = await tx
        .insert(StakeholderGroupEntity, { projectId: input.projectId, name: input.name, kind: input.kind, internal: input.internal, size: input.size ?? null })
        .catch((error) => {
          throw isUniqueViolation(error, 'uq_stakeholder_groups_project_name') ? nameTaken(input.name) : error;
        });
      const view = toStakeholderGroupView(row);
      await tx.audit({ action: 'stakeholder_group.created', entityType: 'stakeholder_group', entityId: row.id, after: view });
      return view;
    });
  }

  get(actor: Actor, id: string): Promise<StakeholderGroupView> {
    return this.db.tenant(actor, async (tx) => toStakeholderGroupView(await this.load(tx, id)));
  }

  update(actor: Actor, id: string, expectedVersion: number, patch: UpdateStakeholderGroup): Promise<StakeholderGroupView> {
    return this.db.tenant(actor, async (tx) => {
      const check = (merged: StakeholderGroupEntity) => checkKind(merged.kind, merged.internal);
      const updated = await updateVersioned(tx, StakeholderGroupEntity, id, expectedVersion, patch, { what: 'stakeholder group', entityType: 'stakeholder_group', view: toStakeholderGroupView, check }).catch(
        (error) => {
          throw isUniqueViolation(error, 'uq_stakeholder_groups_project_name') ? nameTaken(patch.name ?? '') : error;
        },
      );
      return toStakeholderGroupView(updated);
    });
  }

  /**
   * Integration upsert keyed by the tool's own id, as a JSON Merge Patch (RFC 7396): creates the
   * group the first time and after that changes only the fields sent (null clears size). The
   * project is named by our id or by its own reference. Safe under concurrent identical calls: the
   * insert skips on the external-ref unique key and the loser patches the winner's row; where the
   * loser's insert met the winner's name first (unique indexes are checked in no promised order), it
   * runs once more, now as an update. A name another group of the project holds is still a 409.
   */
  upsertByRef(actor: Actor, source: string, externalId: string, input: UpsertStakeholderGroup): Promise<{ created: boolean; group: StakeholderGroupView }> {
    return this.upsertByRefOnce(actor, source, externalId, input)
      .catch((error) => {
        if (!isUniqueViolation(error, 'uq_stakeholder_groups_project_name')) throw error;
        return this.upsertByRefOnce(actor, source, externalId, input);
      })
      .catch((error) => {
        throw isUniqueViolation(error, 'uq_stakeholder_groups_project_name') ? nameTaken(input.name ?? '') : error;
      });
  }

  private upsertByRefOnce(actor: Actor, source: string, externalId: string, input: UpsertStakeholderGroup): Promise<{ created: boolean; group: StakeholderGroupView }> {
    const { projectId: _projectId, project: _project, ...patch } = input;
    return this.db
      .tenant(actor, async (tx) => {
        const projectId = await namedProject(tx, input);
        let existing = await tx.findOneForUpdate(StakeholderGroupEntity, { externalSource: source, externalId });
        if (!existing) {
          const create = requiredToCreate(patch, projectId);
          checkKind(create.kind, create.internal);
          const inserted = await tx.query<{ id: string }>(
            `INSERT INTO stakeholder_groups (organisation_id, project_id, name, kind, internal, size, external_source, external_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT ON CONSTRAINT uq_stakeholder_groups_organisation_id_external_ref DO NOTHING RETURNING id`,
            [tx.organisationId, create.projectId, create.name, create.kind, create.internal, create.size ?? null, source, externalId],
          );
          if (inserted.length === 1) {
            const view = toStakeholderGroupView(await this.load(tx, inserted[0].id));
            await tx.audit({ action: 'stakeholder_group.created', entityType: 'stakeholder_group', entityId: view.id, after: view });
            return { created: true, group: view };
          }
          // Taken, yet not visible to this statement (a racing winner would be): it is in a programme this caller may not see.
          existing = await tx.findOneForUpdate(StakeholderGroupEntity, { externalSource: source, externalId });
          if (!existing) throw Problem.notFound('stakeholder group');
        }
        if (projectId && projectId !== existing.projectId) {
          throw Problem.validation([{ field: input.project ? 'project' : 'projectId', message: 'a stakeholder group stays with its project' }]);
        }
        const check = (merged: StakeholderGroupEntity) => checkKind(merged.kind, merged.internal);
        const updated = await updateVersioned(tx, StakeholderGroupEntity, existing.id, existing.version, patch, { what: 'stakeholder group', entityType: 'stakeholder_group', view: toStakeholderGroupView, check });
        return { created: false, group: toStakeholderGroupView(updated) };
      });
  }

  /** By name within the organisation (then id), so a project's groups read alphabetically. */
  list(actor: Actor, filter: StakeholderGroupFilter): Promise<Page<StakeholderGroupView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(StakeholderGroupEntity, 'g').orderBy('g.name', 'ASC').addOrderBy('g.id', 'ASC').take(limit + 1);
      if (filter.projectId) qb.andWhere('g.projectId = :projectId', { projectId: filter.projectId });
      if (filter.kind) qb.andWhere('g.kind = :kind', { kind: filter.kind });
      if (filter.internal !== undefined) qb.andWhere('g.internal = :internal', { internal: filter.internal });
      if (after) qb.andWhere('(g.name, g.id) > (:name, :id::uuid)', { name: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (g) => [g.name, g.id], toStakeholderGroupView);
    });
  }

  private async load(tx: TenantTx, id: string): Promise<StakeholderGroupEntity> {
    const row = await tx.findOne(StakeholderGroupEntity, { id });
    if (!row) throw Problem.notFound('stakeholder group');
    return row;
  }
}
