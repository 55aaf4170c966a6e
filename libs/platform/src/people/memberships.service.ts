import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { isUniqueViolation } from '../database/db-errors';
import { Problem } from '../errors/problem';
import { MembershipEntity, MembershipRole, PROGRAMME_ROLES, ProgrammeRestrictionEntity } from './membership.entity';

export interface MembershipView {
  id: string;
  personId: string;
  role: string;
  programmeId: string | null;
  projectId: string | null;
  createdAt: string;
}

const toView = (m: MembershipEntity): MembershipView => ({ id: m.id, personId: m.personId, role: m.role, programmeId: m.programmeId, projectId: m.projectId, createdAt: m.createdAt.toISOString() });

/** Who holds which role on which programme or project, and which programmes are restricted. */
@Injectable()
export class MembershipsService {
  constructor(private readonly db: Db) {}

  add(actor: Actor, input: { personId: string; role: MembershipRole; programmeId?: string; projectId?: string }): Promise<MembershipView> {
    const onProgramme = (PROGRAMME_ROLES as readonly string[]).includes(input.role);
    if (onProgramme && (!input.programmeId || input.projectId)) throw Problem.validation([{ field: 'programmeId', message: `${input.role} is a role on a programme: give programmeId and no projectId` }]);
    if (!onProgramme && (!input.projectId || input.programmeId)) throw Problem.validation([{ field: 'projectId', message: `${input.role} is a role on a project: give projectId and no programmeId` }]);
    return this.db.tenant(actor, async (tx) => {
      // One query checks the person and the programme or project are this organisation's.
      const [found] = await tx.query<{ person: boolean; target: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM people WHERE organisation_id = $1 AND id = $2 AND status <> 'deactivated') AS person,
                EXISTS (SELECT 1 FROM programmes WHERE organisation_id = $1 AND id = $3) OR EXISTS (SELECT 1 FROM projects WHERE organisation_id = $1 AND id = $4) AS target`,
        [tx.organisationId, input.personId, input.programmeId ?? null, input.projectId ?? null],
      );
      if (!found.person) throw Problem.notFound('person');
      if (!found.target) throw Problem.notFound(onProgramme ? 'programme' : 'project');
      try {
        const row = await tx.insert(MembershipEntity, { personId: input.personId, role: input.role, programmeId: input.programmeId ?? null, projectId: input.projectId ?? null });
        await tx.audit({ action: 'membership.added', entityType: 'membership', entityId: row.id, after: toView(row) });
        return toView(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw Problem.conflict('membership_exists', 'this person already has this role there');
        throw error;
      }
    });
  }

  list(actor: Actor, filter: { personId?: string; programmeId?: string; projectId?: string }): Promise<{ data: MembershipView[] }> {
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(MembershipEntity, 'm').orderBy('m.createdAt', 'ASC').addOrderBy('m.id', 'ASC').take(1000);
      if (filter.personId) qb.andWhere('m.personId = :personId', { personId: filter.personId });
      if (filter.programmeId) qb.andWhere('m.programmeId = :programmeId', { programmeId: filter.programmeId });
      if (filter.projectId) qb.andWhere('m.projectId = :projectId', { projectId: filter.projectId });
      return { data: (await qb.getMany()).map(toView) };
    });
  }

  remove(actor: Actor, id: string): Promise<MembershipView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOneForUpdate(MembershipEntity, { id });
      if (!row) throw Problem.notFound('membership');
      await tx.query(`DELETE FROM memberships WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, id]);
      await tx.audit({ action: 'membership.removed', entityType: 'membership', entityId: id, before: toView(row) });
      return toView(row);
    });
  }

  /** Restricts a programme to its members and organisation roles beyond viewer, or opens it again. */
  setRestricted(actor: Actor, programmeId: string, restricted: boolean): Promise<{ programmeId: string; restricted: boolean }> {
    return this.db.tenant(actor, async (tx) => {
      const exists = await tx.query(`SELECT 1 FROM programmes WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, [tx.organisationId, programmeId]);
      if (!exists.length) throw Problem.notFound('programme');
      const changed = restricted
        ? await tx.query(`INSERT INTO programme_restrictions (organisation_id, programme_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING programme_id`, [tx.organisationId, programmeId])
        : await tx.query(`DELETE FROM programme_restrictions WHERE organisation_id = $1 AND programme_id = $2 RETURNING programme_id`, [tx.organisationId, programmeId]);
      if (changed.length) await tx.audit({ action: restricted ? 'programme.restricted' : 'programme.unrestricted', entityType: 'programme', entityId: programmeId, after: { restricted } });
      return { programmeId, restricted };
    });
  }

  async isRestricted(actor: Actor, programmeId: string): Promise<{ programmeId: string; restricted: boolean }> {
    return this.db.tenant(actor, async (tx) => {
      const [row] = await tx.query<{ programme: boolean; restricted: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM programmes WHERE organisation_id = $1 AND id = $2) AS programme, EXISTS (SELECT 1 FROM programme_restrictions WHERE organisation_id = $1 AND programme_id = $2) AS restricted`,
        [tx.organisationId, programmeId],
      );
      if (!row.programme) throw Problem.notFound('programme');
      return { programmeId, restricted: row.restricted };
    });
  }
}


