import { Db } from '@app/platform';
import { KpiKind, KpisModule, KpisService, MeasurementsService } from '@app/kpis';
import { DEMO_PROJECTS, demoToday, hasGap } from './catalogue';
import type { DemoSeeder } from './seeder';

interface KpiSpec {
  kind: KpiKind;
  name?: string;
  unit?: string;
  direction?: 'increase' | 'decrease';
  baseline: number;
  target: number;
  frequency?: 'monthly' | 'quarterly';
  /** Where the latest reading sits against today's straight line (points of progress). */
  trajectory?: 'ahead' | 'at_risk' | 'behind';
}

/** Per demo project, its KPIs. Projects with the no_kpis gap are absent; the gaps shape the rest. */
const SPECS: Record<string, KpiSpec[]> = {
  'CS-01': [
    { kind: 'digital_take_up', baseline: 45, target: 75 },
    { kind: 'cost_per_transaction', baseline: 6.8, target: 3.5 },
    { kind: 'user_satisfaction', baseline: 72, target: 85 },
  ],
  'CS-02': [
    { kind: 'completion_rate', baseline: 70, target: 90, trajectory: 'at_risk' },
    { kind: 'user_satisfaction', baseline: 65, target: 80 },
  ],
  'CS-03': [
    { kind: 'completion_rate', baseline: 40, target: 80 },
    { kind: 'cost_per_transaction', baseline: 48, target: 30 },
  ],
  'CS-05': [
    { kind: 'digital_take_up', baseline: 30, target: 70 },
    { kind: 'user_satisfaction', baseline: 60, target: 80 },
  ],
  'WF-01': [{ kind: 'custom', name: 'Staff collaborating in Teams each week', unit: '%', direction: 'increase', baseline: 20, target: 90 }],
  'WF-03': [{ kind: 'custom', name: 'Visits recorded on site', unit: '% of visits', direction: 'increase', baseline: 10, target: 60 }],
  'WF-04': [{ kind: 'user_satisfaction', name: 'Staff satisfaction with HR services', baseline: 55, target: 75 }],
  'DI-01': [
    { kind: 'custom', name: 'Hosting cost', unit: 'GBP per month', direction: 'decrease', baseline: 52000, target: 38000 },
    { kind: 'custom', name: 'Service availability', unit: '%', direction: 'increase', baseline: 99, target: 99.9, frequency: 'quarterly' },
  ],
  'DI-02': [{ kind: 'custom', name: 'Reports served from the warehouse', unit: 'reports per month', direction: 'increase', baseline: 40, target: 400 }],
  'DI-03': [{ kind: 'custom', name: 'Critical vulnerabilities open', unit: 'vulnerabilities', direction: 'decrease', baseline: 35, target: 5 }],
};

const DAY_MS = 86_400_000;
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const firstOfMonth = (today: Date, monthsAgo: number): Date => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - monthsAgo, 1));
const POINTS = { ahead: 4, at_risk: -3, behind: -30 } as const;

/**
 * KPIs for the demo projects with twelve monthly readings on a baseline-to-target line two years long
 * (baseline a year ago), shaped by each project's gaps: none for no_kpis, a missing target for
 * kpi_without_target, readings that stop five months ago for stale_kpi, a first KPI well behind its
 * line for kpi_off_track, and one at risk; the rest a little ahead of their line.
 */
export const kpisSeeder: DemoSeeder = {
  name: 'kpis',
  module: KpisModule,
  async seed(app, actor, log) {
    const rows: { id: string; code: string }[] = await app.get(Db).tenant(actor, (tx) => tx.query<{ id: string; code: string }>(`SELECT id, code FROM projects WHERE organisation_id = $1`, [actor.organisationId]));
    const projectIds = new Map(rows.map((r) => [r.code, r.id]));
    const today = demoToday();
    const baselineDate = firstOfMonth(today, 12);
    const targetDate = firstOfMonth(today, -12);
    const span = targetDate.getTime() - baselineDate.getTime();
    const share = (d: Date): number => ((d.getTime() - baselineDate.getTime()) / span) * 100;
    const readingDates = Array.from({ length: 12 }, (_, i) => firstOfMonth(today, 11 - i));
    const items: { kpiId: string; date: string; value: number; source: 'import' }[] = [];
    let kpiCount = 0;

    for (const project of DEMO_PROJECTS) {
      const projectId = projectIds.get(project.code);
      if (!projectId || hasGap(project, 'no_kpis')) continue;
      for (const [n, spec] of (SPECS[project.code] ?? []).entries()) {
        const withoutTarget = hasGap(project, 'kpi_without_target') && n === 0;
        const kpi = await app.get(KpisService).create(actor, {
          projectId,
          kind: spec.kind,
          name: spec.name,
          unit: spec.unit,
          direction: spec.direction,
          baselineValue: spec.baseline,
          baselineDate: iso(baselineDate),
          targetValue: withoutTarget ? null : spec.target,
          targetDate: withoutTarget ? null : iso(targetDate),
          frequency: spec.frequency ?? 'monthly',
          owner: `${project.name} service owner`,
          dataSource: spec.kind === 'custom' ? 'service management reports' : 'GOV.UK-style performance data',
        });
        kpiCount++;
        const trajectory = hasGap(project, 'kpi_off_track') && n === 0 ? 'behind' : (spec.trajectory ?? 'ahead');
        // The latest reading sits this many points of progress from where today's line is.
        const latestProgress = Math.max(0, share(today) + POINTS[trajectory]);
        const dates = hasGap(project, 'stale_kpi') ? readingDates.filter((d) => d <= firstOfMonth(today, 5)) : readingDates;
        const last = dates[dates.length - 1];
        for (const [i, date] of dates.entries()) {
          const wobble = date === last ? 0 : Math.sin(i * 1.7 + n) * 1.5;
          const progress = (latestProgress * share(date)) / share(last) + wobble;
          const value = spec.baseline + ((spec.target - spec.baseline) * progress) / 100;
          items.push({ kpiId: kpi.id, date: iso(date), value: Math.round(value * 100) / 100, source: 'import' });
        }
      }
    }
    const stored = await app.get(MeasurementsService).batch(actor, items);
    const failed = stored.results.filter((r) => r.status !== 'created');
    if (failed.length) throw new Error(`kpis demo: ${failed.length} measurements were not stored: ${JSON.stringify(failed[0])}`);
    log(`kpis: ${kpiCount} KPIs with ${stored.summary.created} measurements (${Math.round(span / DAY_MS)}-day trajectories)`);
  },
};
