import { Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AppConfig, Db, todayInLondon } from '@app/platform';
import { BenchmarkParticipantEntity } from './benchmark-participant.entity';
import { organisationFiguresSql, PUBLISH_FIGURES_SQL } from './benchmark.queries';
import { benchmarkTitle, BenchmarksView, ParticipationView } from './benchmark.views';

/** Never publish below this, whatever the configuration says. */
export const MIN_GROUP_FLOOR = 3;

export interface BenchmarkRunResult {
  runId: string;
  organisations: number;
  figures: number;
}

/**
 * Anonymous benchmarks between organisations, opt-in. The worker computes the figures across the
 * opted-in organisations (as its own role, the only one that reads across them) and publishes
 * aggregates only; a tenant reads those and its own figure, computed for itself in its own
 * transaction.
 */
@Injectable()
export class BenchmarksService {
  private readonly minGroup: number;

  constructor(
    private readonly db: Db,
    @Optional() config?: AppConfig,
  ) {
    this.minGroup = Math.max(MIN_GROUP_FLOOR, config?.benchmarkMinOrganisations ?? 5);
  }

  participation(actor: Actor): Promise<ParticipationView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(BenchmarkParticipantEntity, {});
      return { optedIn: row?.optedIn ?? false, changedAt: row?.changedAt.toISOString() ?? null };
    });
  }

  /** Opting in or out takes effect at the next computation. */
  setParticipation(actor: Actor, optedIn: boolean): Promise<ParticipationView> {
    return this.db.tenant(actor, async (tx) => {
      const before = await tx.findOne(BenchmarkParticipantEntity, {});
      const [row] = await tx.query<{ opted_in: boolean; changed_at: Date }>(
        `INSERT INTO benchmark_participants (organisation_id, opted_in) VALUES ($1, $2)
         ON CONFLICT ON CONSTRAINT pk_benchmark_participants DO UPDATE SET opted_in = excluded.opted_in, changed_at = now()
         RETURNING opted_in, changed_at`,
        [tx.organisationId, optedIn],
      );
      const view = { optedIn: row.opted_in, changedAt: row.changed_at.toISOString() };
      await tx.audit({ action: optedIn ? 'benchmarks.opted_in' : 'benchmarks.opted_out', entityType: 'organisation', entityId: tx.organisationId, before: before ? { optedIn: before.optedIn } : undefined, after: { optedIn } });
      return view;
    });
  }

  /** The latest published figures beside the organisation's own. */
  view(actor: Actor): Promise<BenchmarksView> {
    return this.db.tenant(actor, async (tx) => {
      const participant = await tx.findOne(BenchmarkParticipantEntity, {});
      const [run] = await tx.query<{ id: string; computed_at: Date; organisations: number; min_group: number }>(
        `SELECT id, computed_at, organisations, min_group FROM benchmark_runs ORDER BY computed_at DESC LIMIT 1`,
      );
      const figures = run
        ? await tx.query<{ metric: string; kind: string; contributors: number; lower_quartile: string; median: string; upper_quartile: string }>(
            `SELECT metric, kind, contributors, lower_quartile, median, upper_quartile FROM benchmark_figures WHERE run_id = $1 ORDER BY metric, kind`,
            [run.id],
          )
        : [];
      const own = await tx.query<{ metric: string; kind: string; value: string }>(`SELECT metric, kind, round(value, 2)::text AS value FROM (${organisationFiguresSql()}) o`, [
        [tx.organisationId],
        todayInLondon(),
      ]);
      const ownOf = new Map(own.map((o) => [`${o.metric}/${o.kind}`, o.value]));
      const published = new Set(figures.map((f) => `${f.metric}/${f.kind}`));
      return {
        participating: participant?.optedIn ?? false,
        run: run ? { computedAt: run.computed_at.toISOString(), organisations: run.organisations, minGroup: run.min_group } : null,
        figures: figures.map((f) => ({
          metric: f.metric,
          kind: f.kind || null,
          title: benchmarkTitle(f.metric, f.kind),
          contributors: f.contributors,
          lowerQuartile: f.lower_quartile,
          median: f.median,
          upperQuartile: f.upper_quartile,
          own: ownOf.get(`${f.metric}/${f.kind}`) ?? null,
        })),
        unpublished: own
          .filter((o) => !published.has(`${o.metric}/${o.kind}`))
          .sort((a, b) => `${a.metric}/${a.kind}`.localeCompare(`${b.metric}/${b.kind}`))
          .map((o) => ({ metric: o.metric, kind: o.kind || null, title: benchmarkTitle(o.metric, o.kind), own: o.value })),
      };
    });
  }

  /** The worker's nightly job: one run over the organisations opted in now, in one transaction. */
  compute(asOf: Date = new Date()): Promise<BenchmarkRunResult> {
    return this.db.system((manager) => this.computeWithin(manager, asOf));
  }

  async computeWithin(manager: EntityManager, asOf: Date): Promise<BenchmarkRunResult> {
    // Opting out removes an organisation from the next run: only those opted in now are read.
    const participants: { organisation_id: string }[] = await manager.query(`SELECT organisation_id FROM benchmark_participants WHERE opted_in ORDER BY organisation_id`);
    const [run] = await manager.query(`INSERT INTO benchmark_runs (computed_at, organisations, min_group) VALUES ($1, $2, $3) RETURNING id`, [asOf, participants.length, this.minGroup]);
    const published: unknown[] = await manager.query(`${PUBLISH_FIGURES_SQL} RETURNING metric`, [run.id, todayInLondon(asOf), participants.map((p) => p.organisation_id), this.minGroup]);
    await manager.query(`DELETE FROM benchmark_runs WHERE computed_at < $1::timestamptz - interval '90 days'`, [asOf]);
    return { runId: run.id, organisations: participants.length, figures: published.length };
  }
}
