import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, isUniqueViolation, Page, PageQuery, pageSize, Problem, toPage, updateVersioned } from '@app/platform';
import { ObjectiveEntity } from './objective.entity';
import { ObjectiveView, toObjectiveView } from './portfolio.views';

export interface ObjectiveInput {
  code: string;
  title: string;
  description?: string | null;
}

export interface ObjectivePatch {
  title?: string;
  description?: string | null;
  status?: 'active' | 'archived';
}

const codeTaken = (code: string) => Problem.conflict('code_taken', `an objective with code "${code}" already exists in this organisation`, { conflictingCode: code });

@Injectable()
export class ObjectivesService {
  constructor(private readonly db: Db) {}

  async create(actor: Actor, input: ObjectiveInput): Promise<ObjectiveView> {
    try {
      return await this.db.tenant(actor, async (tx) => {
        const row = await tx.insert(ObjectiveEntity, { code: input.code, title: input.title, description: input.description ?? null });
        const view = toObjectiveView(row);
        await tx.audit({ action: 'objective.created', entityType: 'objective', entityId: row.id, after: view });
        return view;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_strategic_objectives_organisation_id_code')) throw codeTaken(input.code);
      throw error;
    }
  }

  get(actor: Actor, id: string): Promise<ObjectiveView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(ObjectiveEntity, { id });
      if (!row) throw Problem.notFound('objective');
      return toObjectiveView(row);
    });
  }

  list(actor: Actor, query: PageQuery & { status?: string }): Promise<Page<ObjectiveView>> {
    const limit = pageSize(query);
    const after = Cursor.decode(query.cursor, 1);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(ObjectiveEntity, 'o').orderBy('o.code', 'ASC').take(limit + 1);
      if (query.status) qb.andWhere('o.status = :status', { status: query.status });
      if (after) qb.andWhere('o.code > :code', { code: after[0] });
      return toPage(await qb.getMany(), limit, (o) => [o.code], toObjectiveView);
    });
  }

  update(actor: Actor, id: string, version: number, patch: ObjectivePatch): Promise<ObjectiveView> {
    return this.db.tenant(actor, async (tx) =>
      toObjectiveView(await updateVersioned(tx, ObjectiveEntity, id, version, patch, { what: 'objective', entityType: 'objective', view: toObjectiveView })),
    );
  }
}
