import { Injectable } from '@nestjs/common';
import { Actor, Db, Problem } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import { EvidenceRefresh } from './evidence/evidence-refresh.service';

export interface RatingInput {
  input: 'kpis' | 'finance' | 'schedule' | 'criticalFlags';
  effect: number;
  detail: string;
}

export interface EvidenceRating {
  projectId: string;
  rating: string;
  steps: number;
  inputs: RatingInput[];
  /** The project's report for the period under review; null means it did not report for it. */
  reported: { rating: string; period: string } | null;
  period: string;
  gapSteps: number | null;
  optimismGapFlagged: boolean;
  explanation: string;
  evidenceAsOf: string;
}

interface Row {
  rating: string | null;
  rating_step: number | null;
  reported: string | null;
  period: string;
  optimism_gap: number | null;
  optimism_flagged: boolean;
  inputs: RatingInput[] | null;
  evidence_as_of: Date;
}

/** The evidence-based rating of one project, from the evidence read model (the same row the portfolio shows). */
@Injectable()
export class RatingService {
  constructor(
    private readonly db: Db,
    private readonly refresh: EvidenceRefresh,
  ) {}

  forProject(actor: Actor, projectId: string): Promise<EvidenceRating> {
    return this.db.tenant(actor, async (tx) => {
      const project = await tx.findOne(ProjectEntity, { id: projectId });
      if (!project) throw Problem.notFound('project');
      await this.refresh.refreshWithin(tx.manager, tx.organisationId, false);
      const [row] = await tx.query<Row>(
        // A full scan verifies the rows it leaves unchanged, so the later of the two times.
        `SELECT e.rating, e.rating_step, e.reported, e.period, e.optimism_gap, e.optimism_flagged, e.inputs,
                greatest(e.evidence_as_of, m.scanned_at) AS evidence_as_of
           FROM project_evidence e LEFT JOIN organisation_scan_marks m ON m.organisation_id = e.organisation_id
          WHERE e.organisation_id = $1 AND e.project_id = $2`,
        [tx.organisationId, projectId],
      );
      if (!row?.rating || row.rating_step === null || !row.inputs)
        throw Problem.conflict('not_rated', `project ${project.code} is ${project.status === 'active' ? 'retired' : project.status}; only active projects are rated`);
      const moved = row.inputs.filter((i) => i.effect > 0);
      return {
        projectId,
        rating: row.rating,
        steps: row.rating_step,
        inputs: row.inputs,
        reported: row.reported ? { rating: row.reported, period: row.period } : null,
        period: row.period,
        gapSteps: row.optimism_gap,
        optimismGapFlagged: row.optimism_flagged,
        explanation: moved.length === 0 ? 'green: every input is within tolerance' : `${row.rating}: ${moved.map((i) => `${i.detail} (+${i.effect})`).join('; ')}`,
        evidenceAsOf: row.evidence_as_of.toISOString(),
      };
    });
  }
}
