import { AccountabilitySummaryService } from '@app/accountability';
import { CapabilityService } from '@app/capability';
import { Injectable } from '@nestjs/common';
import { Actor, currentPeriod } from '@app/platform';
import { CoverageService, FlagsService } from '@app/governance';
import { BoardReadsService, PortfolioService, previousPeriod } from '@app/reporting';
import { PERIOD_PATTERN, periodLabel, UUID_PATTERN } from './board-format';
import { compactCoverage } from './coverage-page.controller';
import { flagEvidence, flagTitle } from './plain-english';

/** The pack lists at most this many open flags (worst first); the flags page has them all. */
const PACK_FLAGS_MAX = 2000;

export interface PackFlag {
  id: string;
  title: string;
  sentence: string;
  severity: string;
  status: string;
  subject: string;
  projectId: string | null;
  owners: string | null;
  openSince: string;
}

export type PackResult =
  | { ok: false; errors: { text: string; href: string }[]; period: string }
  | { ok: true; title: string; period: string; content: Record<string, unknown>; takenAt: string; permalink: string; snapshotId: string };

/**
 * The board pack for a period, shared by its page and its exports (PDF, Excel): reports as submitted
 * by a cut-off beside the evidence read model, stored when produced so its permanent link shows it
 * unchanged (`snapshot`). Each programme carries its open flags, worded for the board; the pack
 * keeps the coverage of the period under review for the coverage page's trends.
 */
@Injectable()
export class PackBuilder {
  constructor(
    private readonly reads: BoardReadsService,
    private readonly portfolio: PortfolioService,
    private readonly flags: FlagsService,
    private readonly coverage: CoverageService,
    private readonly accountability: AccountabilitySummaryService,
    private readonly capability: CapabilityService,
  ) {}

  async build(actor: Actor, query: Record<string, unknown>): Promise<PackResult> {
    const errors: { text: string; href: string }[] = [];
    if (typeof query.snapshot === 'string' && query.snapshot) {
      if (!UUID_PATTERN.test(query.snapshot)) errors.push({ text: 'The link to this pack is not complete; open the pack again from the menu', href: '#period' });
      else {
        const stored = await this.reads.storedPack(actor, query.snapshot.toLowerCase());
        return { ok: true, title: `Board pack, ${periodLabel(stored.period)}`, period: stored.period, content: stored.content, takenAt: stored.takenAt, permalink: `/board/pack?snapshot=${stored.id}`, snapshotId: stored.id };
      }
    }
    let period = typeof query.period === 'string' ? query.period.trim() : '';
    if (period && !PERIOD_PATTERN.test(period)) errors.push({ text: 'Enter the period as a year and month, like 2026-10', href: '#period' });
    else if (period > currentPeriod()) errors.push({ text: 'The period must not be in the future', href: '#period' });
    // A cut-off link names the exact instant (to the millisecond) the reports were taken at.
    let submittedBy = new Date();
    if (typeof query.submittedBy === 'string' && query.submittedBy) {
      const parsed = new Date(query.submittedBy);
      if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(query.submittedBy)) errors.push({ text: 'The cut-off must be a date and time like 2026-11-05T17:00:00Z', href: '#period' });
      else submittedBy = parsed;
    }
    if (errors.length) return { ok: false, errors, period };

    const view = await this.portfolio.view(actor, period ? { period } : {});
    period = view.period;
    const programmes = await this.reads.pack(actor, period, submittedBy);
    const projects = new Map(view.programmes.flatMap((g) => g.projects).map((p) => [p.id, p]));
    const programmeEvidence = new Map(view.programmes.map(({ projects: _, ...g }) => [g.id, g]));
    const accountability = new Map((await this.accountability.programmes(actor, programmes.map((g) => g.id))).map((a) => [a.programmeId, a]));
    const capability = new Map((await this.capability.byProgramme(actor)).map((c) => [c.programmeId, c]));
    // The list of open flags and coverage are today's: kept only for the period under review.
    const current = view.source === 'read model';
    const listed = current ? await this.flags.openAcrossPortfolio(actor, {}, PACK_FLAGS_MAX) : { flags: [], more: false };
    const open = listed.flags;
    const coverage = current ? compactCoverage(await this.coverage.coverage(actor)) : undefined;
    const flagsOf = (programmeId: string): PackFlag[] =>
      open
        .filter((f) => f.programme_id === programmeId)
        .map((f) => ({
          id: f.id,
          title: flagTitle(f.rule),
          sentence: flagEvidence(f),
          severity: f.severity,
          status: f.status,
          subject: f.project_id ? `${f.project_code} ${f.project_name}` : 'The programme',
          projectId: f.project_id,
          owners: f.owners,
          openSince: f.first_raised_at.toISOString(),
        }));
    const cutOff = submittedBy.toISOString();
    const content = {
      period,
      previousPeriod: previousPeriod(period),
      programmes: programmes.map((g) => ({
        ...g,
        evidence: programmeEvidence.get(g.id) ?? null,
        accountability: accountability.get(g.id) ?? null,
        capability: capability.get(g.id) ?? null,
        projects: g.projects.map((p) => ({ ...p, evidence: p.project_id ? (projects.get(p.project_id) ?? null) : null })),
        openFlags: current ? flagsOf(g.id) : null,
      })),
      view: { ...view, programmes: [] },
      cutOff,
      cutOffLink: `/board/pack?period=${period}&submittedBy=${encodeURIComponent(cutOff)}`,
      csvHref: `/board/portfolio.csv?period=${period}`,
      flagsCut: listed.more ? PACK_FLAGS_MAX : null,
      ...(coverage ? { coverage } : {}),
    };
    const stored = await this.reads.storePack(actor, period, submittedBy, content);
    return { ok: true, title: `Board pack, ${periodLabel(period)}`, period, content, takenAt: stored.takenAt, permalink: `/board/pack?snapshot=${stored.id}`, snapshotId: stored.id };
  }
}
