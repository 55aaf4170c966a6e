import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, isUniqueViolation, Page, pageSize, Problem, TenantTx, toPage, updateVersioned } from '@app/platform';
import { GroupKind, kindInternalMismatch } from './engagement.enums';
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
