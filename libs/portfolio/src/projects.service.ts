import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, isUniqueViolation, Page, PageQuery, pageSize, Problem, TenantTx, toPage, updateVersioned } from '@app/platform';
import type { LifecycleStatus, Phase } from './portfolio.enums';
import { ProgrammeEntity } from './programme.entity';
import { checkDates } from './programmes.service';
import { ProjectEntity } from './project.entity';
import { ProjectView, toProjectView } from './portfolio.views';

/** One project as ProjectEntity's fields (dates as YYYY-MM-DD text, as TypeORM gives them). */
const PROJECT_BY_ID_SQL = `
  SELECT id, organisation_id AS "organisationId", programme_id AS "programmeId", code, name, description, user_need AS "userNeed", phase, status,
         start_date::text AS "startDate", end_date::text AS "endDate", external_source AS "externalSource", external_id AS "externalId",
         version, created_at AS "createdAt", updated_at AS "updatedAt"
    FROM projects WHERE organisation_id = $1 AND id = $2`;

export interface ProjectInput {
  programmeId: string;
  code: string;
  name: string;
  description?: string | null;
  userNeed?: string | null;
  phase: Phase;
  status?: LifecycleStatus;
  startDate?: string | null;
  endDate?: string | null;
}

export type ProjectPatch = Partial<ProjectInput>;

export interface ProjectFilter extends PageQuery {
  programmeId?: string;
  objectiveId?: string;
  phase?: Phase;
  status?: LifecycleStatus;
}

const codeTaken = (code: string) => Problem.conflict('code_taken', `a project with code "${code}" already exists in this organisation`, { conflictingCode: code });

function mapConflict(error: unknown, code: string | undefined): never {
  if (code && isUniqueViolation(error, 'uq_projects_organisation_id_code')) throw codeTaken(code);
  throw error;
}

/** The fields a new project cannot do without; an upsert that would create one without them is a 400 naming each. */
function requiredToCreate(patch: ProjectPatch): ProjectInput {
  const missing = (['programmeId', 'code', 'name', 'phase'] as const).filter((field) => patch[field] === undefined);
  if (missing.length) throw Problem.validation(missing.map((field) => ({ field, message: `${field} is required to create the project (it does not exist yet under this reference)` })));
  return patch as ProjectInput;
}

@Injectable()
export class ProjectsService {
  constructor(private readonly db: Db) {}

  private async assertProgramme(tx: TenantTx, programmeId: string | undefined): Promise<void> {
    if (programmeId && !(await tx.findOne(ProgrammeEntity, { id: programmeId }))) throw Problem.notFound('programme');
  }

  private values(input: ProjectInput) {
    return {
      programmeId: input.programmeId,
      code: input.code,
      name: input.name,
      description: input.description ?? null,
      userNeed: input.userNeed ?? null,
      phase: input.phase,
      status: input.status ?? 'active',
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
    };
  }

  async create(actor: Actor, input: ProjectInput): Promise<ProjectView> {
    checkDates(input);
    try {
      return await this.db.tenant(actor, async (tx) => {
        await this.assertProgramme(tx, input.programmeId);
        const row = await tx.insert(ProjectEntity, this.values(input));
        const view = toProjectView(row);
        await tx.audit({ action: 'project.created', entityType: 'project', entityId: row.id, after: view });
        return view;
      });
    } catch (error) {
      return mapConflict(error, input.code);
    }
  }

  /**
   * The hottest read of an integration: one named statement instead of TypeORM's find, whose query
   * building cost more CPU than the query, sent with its transaction in one round trip
   * (npm run bench, GET /v1/projects/{id}).
   */
  async get(actor: Actor, id: string): Promise<ProjectView> {
    const [row] = await this.db.tenantStatement<ProjectEntity>(actor, PROJECT_BY_ID_SQL, [actor.organisationId, id]);
    if (!row) throw Problem.notFound('project');
    return toProjectView(row);
  }

  list(actor: Actor, filter: ProjectFilter): Promise<Page<ProjectView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 1);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(ProjectEntity, 'p').orderBy('p.code', 'ASC').take(limit + 1);
      if (filter.programmeId) qb.andWhere('p.programmeId = :programmeId', { programmeId: filter.programmeId });
      if (filter.phase) qb.andWhere('p.phase = :phase', { phase: filter.phase });
      if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
      if (filter.objectiveId) {
        qb.andWhere('p.programmeId IN (SELECT g.id FROM programmes g WHERE g.organisation_id = :organisationId AND g.objective_id = :objectiveId)', { objectiveId: filter.objectiveId });
      }
      if (after) qb.andWhere('p.code > :code', { code: after[0] });
      return toPage(await qb.getMany(), limit, (p) => [p.code], toProjectView);
    });
  }

  async update(actor: Actor, id: string, version: number, patch: ProjectPatch): Promise<ProjectView> {
    try {
      return await this.db.tenant(actor, async (tx) => {
        await this.assertProgramme(tx, patch.programmeId);
        return toProjectView(await updateVersioned(tx, ProjectEntity, id, version, patch, { what: 'project', entityType: 'project', view: toProjectView, check: checkDates }));
      });
    } catch (error) {
      return mapConflict(error, patch.code);
    }
  }

  /**
   * Integration upsert keyed by the tool's own id, as a JSON Merge Patch (RFC 7396): creates the
   * project the first time (programmeId, code, name and phase needed) and after that changes only
   * the fields sent, so what people entered and the tool does not know (a user need) is kept; null
   * clears a field. Always the same id. Safe under concurrent identical calls: the insert skips on
   * the external-ref unique key and the loser patches the winner's row; where the loser's insert met
   * the winner's code first (the unique indexes are checked in no promised order), it runs once more,
   * now as an update. A code another project holds is still a 409.
   */
  async upsertByRef(actor: Actor, source: string, externalId: string, patch: ProjectPatch): Promise<{ created: boolean; project: ProjectView }> {
    try {
      try {
        return await this.upsertByRefOnce(actor, source, externalId, patch);
      } catch (error) {
        if (!isUniqueViolation(error, 'uq_projects_organisation_id_code')) throw error;
        return await this.upsertByRefOnce(actor, source, externalId, patch);
      }
    } catch (error) {
      return mapConflict(error, patch.code);
    }
  }

  private upsertByRefOnce(actor: Actor, source: string, externalId: string, patch: ProjectPatch): Promise<{ created: boolean; project: ProjectView }> {
    return this.db.tenant(actor, async (tx) => {
      await this.assertProgramme(tx, patch.programmeId);
      let existing = await tx.findOneForUpdate(ProjectEntity, { externalSource: source, externalId });
      if (!existing) {
        const input = requiredToCreate(patch);
        checkDates(input);
        const v = this.values(input);
        const inserted: { id: string }[] = await tx.query(
          `INSERT INTO projects (organisation_id, programme_id, code, name, description, user_need, phase, status, start_date, end_date, external_source, external_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT ON CONSTRAINT uq_projects_organisation_id_external_ref DO NOTHING RETURNING id`,
          [tx.organisationId, v.programmeId, v.code, v.name, v.description, v.userNeed, v.phase, v.status, v.startDate, v.endDate, source, externalId],
        );
        if (inserted.length === 1) {
          const row = (await tx.findOne(ProjectEntity, { id: inserted[0].id })) as ProjectEntity;
          const view = toProjectView(row);
          await tx.audit({ action: 'project.created', entityType: 'project', entityId: row.id, after: view });
          return { created: true, project: view };
        }
        // The reference is taken, and a winner of a race would be visible to this statement: so the
        // project holding it is in a programme this caller may not see.
        existing = await tx.findOneForUpdate(ProjectEntity, { externalSource: source, externalId });
        if (!existing) throw Problem.notFound('project');
      }
      const updated = await updateVersioned(tx, ProjectEntity, existing.id, existing.version, patch, { what: 'project', entityType: 'project', view: toProjectView, check: checkDates });
      return { created: false, project: toProjectView(updated) };
    });
  }
}
