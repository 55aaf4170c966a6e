import { Injectable } from '@nestjs/common';
import { Actor, Db, Problem, TenantTx, todayInLondon } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import { CONTEXT } from './sql/context.queries';
import { RATING_CTE } from './sql/rating.queries';

export interface RatingInput {
  input: 'kpis' | 'finance' | 'criticalFlags';
  effect: number;
  detail: string;
}

export interface EvidenceRating {
  projectId: string;
  rating: string;
  steps: number;
  inputs: RatingInput[];
  reported: { rating: string; period: string } | null;
  gapSteps: number | null;
  explanation: string;
}

interface RatingRow {
  project_id: string;
  rating: string;
  step: number;
  inputs: RatingInput[];
  reported: string | null;
  reported_period: string | null;
  reported_step: number | null;
}

const toRating = (row: RatingRow): EvidenceRating => {
  const moved = row.inputs.filter((i) => i.effect > 0);
  return {
    projectId: row.project_id,
    rating: row.rating,
    steps: row.step,
    inputs: row.inputs,
    reported: row.reported ? { rating: row.reported, period: row.reported_period as string } : null,
    gapSteps: row.reported_step === null ? null : row.step - row.reported_step,
    explanation: moved.length === 0 ? 'green: every input is within tolerance' : `${row.rating}: ${moved.map((i) => `${i.detail} (+${i.effect})`).join('; ')}`,
  };
};

/** The evidence-based rating, computed live from the same SQL the scans use. */
@Injectable()
export class RatingService {
  constructor(private readonly db: Db) {}

  /** Ratings for every active project of the organisation in one statement (the portfolio view uses this). */
  async forOrganisation(tx: TenantTx, asOf: Date = new Date()): Promise<Map<string, EvidenceRating>> {
    const rows = await tx.query<RatingRow>(`${CONTEXT}, ${RATING_CTE} SELECT * FROM ratings`, [tx.organisationId, todayInLondon(asOf), null]);
    return new Map(rows.map((r) => [r.project_id, toRating(r)]));
  }

  forProject(actor: Actor, projectId: string, asOf: Date = new Date()): Promise<EvidenceRating> {
    return this.db.tenant(actor, async (tx) => {
      const project = await tx.findOne(ProjectEntity, { id: projectId });
      if (!project) throw Problem.notFound('project');
      const rows = await tx.query<RatingRow>(`${CONTEXT}, ${RATING_CTE} SELECT * FROM ratings`, [tx.organisationId, todayInLondon(asOf), projectId]);
      if (!rows[0]) throw Problem.conflict('not_rated', `project ${project.code} is ${project.status === 'active' ? 'retired' : project.status}; only active projects are rated`);
      return toRating(rows[0]);
    });
  }
}
