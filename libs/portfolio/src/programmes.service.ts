import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, isUniqueViolation, normaliseMoney, Page, PageQuery, pageSize, Problem, TenantTx, toPage, updateVersioned } from '@app/platform';
import { ObjectiveEntity } from './objective.entity';
import type { LifecycleStatus } from './portfolio.enums';
import { ProgrammeEntity } from './programme.entity';
import { ProgrammeView, toProgrammeView } from './portfolio.views';

export interface ProgrammeInput {
  code: string;
  name: string;
  description?: string | null;
  objectiveId?: string | null;
  sro?: string | null;
  status?: LifecycleStatus;
  startDate?: string | null;
  endDate?: string | null;
  wholeLifeBudget?: string | null;
}

export type ProgrammePatch = Partial<Omit<ProgrammeInput, 'code'>>;

export interface ProgrammeFilter extends PageQuery {
  objectiveId?: string;
  status?: LifecycleStatus;
}

export function checkDates(row: { startDate?: string | null; endDate?: string | null }): void {
  if (row.startDate && row.endDate && row.endDate < row.startDate) {
    throw Problem.validation([{ field: 'endDate', message: `endDate ${row.endDate} is before startDate ${row.startDate}` }]);
  }
}

const codeTaken = (code: string) => Problem.conflict('code_taken', `a programme with code "${code}" already exists in this organisation`, { conflictingCode: code });

@Injectable()
export class ProgrammesService {
  constructor(private readonly db: Db) {}

  private async assertObjective(tx: TenantTx, objectiveId: string | null | undefined): Promise<void> {
    if (objectiveId && !(await tx.findOne(ObjectiveEntity, { id: objectiveId }))) throw Problem.notFound('objective');
  }

  async create(actor: Actor, input: ProgrammeInput): Promise<ProgrammeView> {
    checkDates(input);
    try {
      return await this.db.tenant(actor, async (tx) => {
        await this.assertObjective(tx, input.objectiveId);
        const row = await tx.insert(ProgrammeEntity, {
          code: input.code,
          name: input.name,
          description: input.description ?? null,
          objectiveId: input.objectiveId ?? null,
          sro: input.sro ?? null,
          status: input.status ?? 'active',
          startDate: input.startDate ?? null,
          endDate: input.endDate ?? null,
          wholeLifeBudget: input.wholeLifeBudget ? normaliseMoney(input.wholeLifeBudget) : null,
        });
        const view = toProgrammeView(row);
        await tx.audit({ action: 'programme.created', entityType: 'programme', entityId: row.id, after: view });
        return view;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_programmes_organisation_id_code')) throw codeTaken(input.code);
      throw error;
    }
  }

  get(actor: Actor, id: string): Promise<ProgrammeView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(ProgrammeEntity, { id });
      if (!row) throw Problem.notFound('programme');
      return toProgrammeView(row);
    });
  }

  list(actor: Actor, filter: ProgrammeFilter): Promise<Page<ProgrammeView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 1);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(ProgrammeEntity, 'p').orderBy('p.code', 'ASC').take(limit + 1);
      if (filter.objectiveId) qb.andWhere('p.objectiveId = :objectiveId', { objectiveId: filter.objectiveId });
      if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
      if (after) qb.andWhere('p.code > :code', { code: after[0] });
      return toPage(await qb.getMany(), limit, (p) => [p.code], toProgrammeView);
    });
  }

  update(actor: Actor, id: string, version: number, patch: ProgrammePatch): Promise<ProgrammeView> {
    return this.db.tenant(actor, async (tx) => {
      await this.assertObjective(tx, patch.objectiveId);
      const normalised = patch.wholeLifeBudget ? { ...patch, wholeLifeBudget: normaliseMoney(patch.wholeLifeBudget) } : patch;
      const row = await updateVersioned(tx, ProgrammeEntity, id, version, normalised, { what: 'programme', entityType: 'programme', view: toProgrammeView, check: checkDates });
      return toProgrammeView(row);
    });
  }
}
