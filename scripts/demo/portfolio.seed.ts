import { Actor } from '@app/platform';
import { DeliveryConfidence, ObjectivesService, PortfolioModule, ProgrammesService, ProjectsService, Rag, StatusReportsService } from '@app/portfolio';
import { DEMO_OBJECTIVES, DEMO_PROGRAMMES, DEMO_PROJECTS, DemoProject, hasGap } from './catalogue';
import type { DemoSeeder } from './seeder';

/** Periods before the current one, oldest first: the last six closed reporting periods. */
export function closedPeriods(count: number): string[] {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

const DETERIORATING: DeliveryConfidence[] = ['green', 'amber_green', 'amber_green', 'amber', 'amber_red', 'red'];
const STEADY: DeliveryConfidence[] = ['amber_green', 'green', 'green', 'amber_green', 'green', 'green'];

function ratingFor(project: DemoProject, month: number): DeliveryConfidence {
  if (hasGap(project, 'deteriorating')) return DETERIORATING[month];
  if (hasGap(project, 'optimistic')) return 'green';
  return STEADY[(month + project.code.length) % STEADY.length];
}

function dimensionsFor(overall: DeliveryConfidence): Record<'schedule' | 'cost' | 'scope' | 'benefits' | 'risk' | 'resourcing', Rag> {
  const worst: Rag = overall === 'green' ? 'green' : overall === 'red' || overall === 'amber_red' ? 'red' : 'amber';
  return { schedule: worst, cost: overall === 'amber_red' ? 'amber' : worst === 'red' ? 'amber' : 'green', scope: 'green', benefits: worst === 'green' ? 'green' : 'amber', risk: worst, resourcing: 'green' };
}

export const portfolioSeeder: DemoSeeder = {
  name: 'portfolio',
  module: PortfolioModule,
  async seed(app, actor, log) {
    const objectives = new Map<string, string>();
    for (const objective of DEMO_OBJECTIVES) objectives.set(objective.code, (await app.get(ObjectivesService).create(actor, objective)).id);
    const programmes = new Map<string, string>();
    for (const p of DEMO_PROGRAMMES) {
      const created = await app.get(ProgrammesService).create(actor, {
        code: p.code,
        name: p.name,
        objectiveId: p.objective ? objectives.get(p.objective) : null,
        sro: p.sro,
        startDate: '2025-04-01',
        endDate: '2029-03-31',
        wholeLifeBudget: p.wholeLifeBudget,
      });
      programmes.set(p.code, created.id);
    }
    const periods = closedPeriods(6);
    const reporter = (name: string): Actor => ({ ...actor, name });
    for (const project of DEMO_PROJECTS) {
      const created = await app.get(ProjectsService).create(actor, {
        programmeId: programmes.get(project.programme) as string,
        code: project.code,
        name: project.name,
        phase: project.phase,
        userNeed: project.userNeed,
        startDate: '2025-06-01',
      });
      // Blue badge (discovery) has not reported for the last closed period: the board should see it overdue.
      const reported = project.code === 'CS-04' ? periods.slice(0, -1) : periods;
      for (const [month, period] of reported.entries()) {
        const overall = ratingFor(project, month);
        const narrative = overall === 'green' ? undefined : `${project.name}: ${overall.replace('_', '-')} because delivery is behind plan; mitigation agreed with the supplier.`;
        await app.get(StatusReportsService).submit(reporter(`${project.programme} project manager`), { type: 'project', id: created.id }, { period, overall, dimensions: dimensionsFor(overall), narrative });
      }
    }
    for (const [code, id] of programmes) {
      for (const period of periods) {
        await app.get(StatusReportsService).submit(reporter(`${code} programme office`), { type: 'programme', id }, { period, overall: code === 'DI' ? 'amber' : 'amber_green', dimensions: dimensionsFor('amber_green'), narrative: 'Programme broadly on track; see project reports for exceptions.' });
      }
    }
    log(`portfolio: ${DEMO_OBJECTIVES.length} objectives, ${DEMO_PROGRAMMES.length} programmes, ${DEMO_PROJECTS.length} projects, 6 months of status reports`);
  },
};
