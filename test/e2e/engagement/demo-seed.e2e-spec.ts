import { systemActor } from '@app/platform';
import { DEMO_PROJECTS, hasGap } from '../../../scripts/demo/catalogue';
import { engagementSeeder } from '../../../scripts/demo/engagement.seed';
import { portfolioSeeder } from '../../../scripts/demo/portfolio.seed';
import { TestContext, TestOrg } from '@test/support/test-app';

interface Summary {
  lastExternalFeedback: { ageDays: number } | null;
  openLoops: { count: number; items: { ageDays: number }[] };
  buyIn: { latest: { ageDays: number; supportivePct: number } | null }[];
  trainingCoverage: { coveragePct: number | null };
  citizenCoDesignCount: number;
}

/** The demo's stakeholder evidence shows each project's intended gaps, read back through the summary. */
describe('engagement demo data', () => {
  let ctx: TestContext;
  let org: TestOrg;
  const summaries = new Map<string, Summary>();

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation('Demo Council');
    const actor = systemActor(org.id, 'demo seed');
    const lines: string[] = [];
    await portfolioSeeder.seed(ctx.app, actor, (l) => lines.push(l));
    await engagementSeeder.seed(ctx.app, actor, (l) => lines.push(l));
    expect(lines.some((l) => l.startsWith('engagement:'))).toBe(true);
    const projects = (await ctx.db.query(`SELECT id, code FROM projects WHERE organisation_id = $1`, [org.id])).rows;
    for (const { id, code } of projects) summaries.set(code, (await ctx.as(org.adminToken).get(`/v1/projects/${id}/engagement`).expect(200)).body);
  });
  afterAll(() => ctx.close());

  const recentExternal = (s: Summary) => s.lastExternalFeedback !== null && s.lastExternalFeedback.ageDays <= 90;
  const overdueLoops = (s: Summary) => s.openLoops.items.filter((i) => i.ageDays > 30).length;
  const buyInOk = (s: Summary) => s.buyIn.length > 0 && s.buyIn.some((b) => b.latest !== null && b.latest.ageDays <= 180) && s.buyIn.every((b) => b.latest === null || b.latest.ageDays > 180 || b.latest.supportivePct >= 50);

  it('seeds every demo project', () => {
    expect([...summaries.keys()].sort()).toEqual(DEMO_PROJECTS.map((p) => p.code).sort());
  });

  it('gives each project exactly its intended evidence gaps', () => {
    for (const project of DEMO_PROJECTS) {
      const s = summaries.get(project.code) as Summary;
      const label = `${project.code} ${project.gaps.join(',')}`;
      expect([label, recentExternal(s)]).toEqual([label, !hasGap(project, 'no_external_feedback')]);
      expect([label, overdueLoops(s) > 0]).toEqual([label, hasGap(project, 'feedback_not_acted_on')]);
      expect([label, buyInOk(s)]).toEqual([label, !hasGap(project, 'no_buy_in') && !hasGap(project, 'low_buy_in')]);
      if (project.phase === 'beta' || project.phase === 'live') {
        expect([label, (s.trainingCoverage.coveragePct ?? 0) < 60]).toEqual([label, hasGap(project, 'training_gap')]);
      }
    }
  });

  it('distinguishes missing buy-in (nothing recent) from low buy-in (recent but under 50%)', () => {
    const noBuyIn = summaries.get('WF-03') as Summary;
    expect(noBuyIn.buyIn.every((b) => b.latest === null || b.latest.ageDays > 180)).toBe(true);
    const low = summaries.get('WF-01') as Summary;
    expect(low.buyIn.every((b) => b.latest !== null && b.latest.ageDays <= 180 && b.latest.supportivePct < 50)).toBe(true);
  });

  it('leaves some loops open on healthy projects too, and records citizen co-design on customer services', () => {
    expect((summaries.get('CS-01') as Summary).openLoops.count).toBeGreaterThan(0);
    expect(overdueLoops(summaries.get('CS-01') as Summary)).toBe(0);
    expect((summaries.get('CS-01') as Summary).citizenCoDesignCount).toBe(1);
  });
});
