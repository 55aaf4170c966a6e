import { Injectable } from '@nestjs/common';
import { Actor, Db, Problem, TenantTx } from '@app/platform';
import { KpiEntity } from '@app/kpis';
import { requirePerson } from './accountability-scope';
import { OWNER_ROLE, OwnedSubject } from './accountability.enums';
import { OwnerEntity } from './owner.entity';
import { OwnerView, toOwnerView } from './accountability.views';

/** Names the one accountable person for a programme (SRO), a project (project manager) or a KPI. */
@Injectable()
export class OwnersService {
  constructor(private readonly db: Db) {}

  set(actor: Actor, subjectType: OwnedSubject, subjectId: string, personId: string): Promise<OwnerView> {
    return this.db.tenant(actor, async (tx) => {
      const place = await this.place(tx, subjectType, subjectId);
      await requirePerson(tx, personId, 'personId');
      const current = await tx.findOne(OwnerEntity, { subjectType, subjectId });
      const before = current ? toOwnerView(current, OWNER_ROLE[subjectType]) : undefined;
      if (current && current.personId === personId) return before as OwnerView;
      await tx.query(
        `INSERT INTO owners (organisation_id, subject_type, subject_id, programme_id, project_id, kpi_id, person_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (organisation_id, subject_type, subject_id) DO UPDATE SET person_id = EXCLUDED.person_id, updated_at = now()`,
        [tx.organisationId, subjectType, subjectId, place.programmeId, place.projectId, place.kpiId, personId],
      );
      const after = toOwnerView((await tx.findOne(OwnerEntity, { subjectType, subjectId })) as OwnerEntity, OWNER_ROLE[subjectType]);
      await tx.audit({ action: 'owner.set', entityType: subjectType, entityId: subjectId, before, after });
      return after;
    });
  }

  get(actor: Actor, subjectType: OwnedSubject, subjectId: string): Promise<OwnerView | null> {
    return this.db.tenant(actor, async (tx) => {
      await this.place(tx, subjectType, subjectId);
      const row = await tx.findOne(OwnerEntity, { subjectType, subjectId });
      return row ? toOwnerView(row, OWNER_ROLE[subjectType]) : null;
    });
  }

  /** The subject's programme and project; one hidden from the caller, or another organisation's, is not found. */
  private async place(tx: TenantTx, subjectType: OwnedSubject, subjectId: string): Promise<{ programmeId: string; projectId: string | null; kpiId: string | null }> {
    if (subjectType === 'kpi') {
      const kpi = await tx.findOne(KpiEntity, { id: subjectId });
      if (!kpi) throw Problem.notFound('KPI');
      const [project] = await tx.query<{ programme_id: string }>(`SELECT programme_id FROM projects WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, kpi.projectId]);
      if (!project) throw Problem.notFound('KPI');
      return { programmeId: project.programme_id, projectId: kpi.projectId, kpiId: subjectId };
    }
    const table = subjectType === 'programme' ? 'programmes' : 'projects';
    const [row] = await tx.query<{ programme_id: string }>(`SELECT ${subjectType === 'programme' ? 'id' : 'programme_id'} AS programme_id FROM ${table} WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, subjectId]);
    if (!row) throw Problem.notFound(subjectType);
    return { programmeId: row.programme_id, projectId: subjectType === 'project' ? subjectId : null, kpiId: null };
  }
}
