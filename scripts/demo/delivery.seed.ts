import { Module } from '@nestjs/common';
import { BenefitKind, BenefitsService, DeliveryModule, MilestonesService } from '@app/delivery';
import { FinanceModule, WholeLifeCostService } from '@app/finance';
import { GovernanceModule, ScanService } from '@app/governance';
import { MEASURABLE_KPIS_SQL } from '@app/kpis';
import { Db, fromPence, toPence, todayInLondon } from '@app/platform';
import { DEMO_PROJECTS, hasGap } from './catalogue';
import type { DemoSeeder } from './seeder';

@Module({ imports: [DeliveryModule, FinanceModule, GovernanceModule] })
class DemoDeliveryModule {}


const dayFrom = (offset: number): string => {
  const d = new Date(`${todayInLondon()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

/** The months of the current financial year (April start) up to this one, and the year's label. */
function yearSoFar(): { financialYear: string; periods: string[] } {
  const [y, m] = todayInLondon().split('-').map(Number);
  const start = m >= 4 ? y : y - 1;
  const periods: string[] = [];
  for (let i = start * 12 + 3; i <= y * 12 + m - 1; i++) periods.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return { financialYear: `${start}-${String((start + 1) % 100).padStart(2, '0')}`, periods };
}

interface DemoBenefit {
  title: string;
  kind: BenefitKind;
  unit?: string;
  /** Planned this financial year; realised each month so far (far less on a benefits_behind_plan project). */
  planned: string;
  monthly: string;
}

const BENEFITS: Record<string, DemoBenefit> = {
  'CS-01': { title: 'Fewer council tax calls to the contact centre', kind: 'cash_releasing', planned: '60000.00', monthly: '5000.00' },
  'CS-02': { title: 'Crew time no longer spent on missed-bin calls', kind: 'non_cash_releasing', planned: '24000.00', monthly: '2000.00' },
  'CS-03': { title: 'Lower cost of repairs visits', kind: 'cash_releasing', planned: '120000.00', monthly: '10000.00' },
  'WF-01': { title: 'Staff able to work from anywhere', kind: 'non_monetised', unit: 'percent of staff', planned: '60.00', monthly: '5.00' },
  'WF-02': { title: 'Fewer agency social workers', kind: 'cash_releasing', planned: '90000.00', monthly: '7500.00' },
  'DI-01': { title: 'Savings from leaving the data centre', kind: 'cash_releasing', planned: '240000.00', monthly: '20000.00' },
};

/**
 * Milestones on every project (one achieved, one ahead; WF-02's go-live forecast two months past
 * its baseline with no decision), and a benefit on six projects with its profile for this
 * financial year and what has been realised each month (the catalogue's gaps: CS-03 far behind plan, WF-02 measured by
 * no KPI); a whole-life cost baseline everywhere. Then a scan, so the board shows the delivery
 * rules. A second run adds nothing.
 */
export const deliverySeeder: DemoSeeder = {
  name: 'delivery',
  module: DemoDeliveryModule,
  async seed(app, actor, log) {
    const db = app.get(Db);
    const milestones = app.get(MilestonesService);
    const benefits = app.get(BenefitsService);
    const wholeLife = app.get(WholeLifeCostService);
    const rows = await db.tenant(actor, (tx) =>
      tx.query<{ id: string; code: string; objective_id: string | null; owner: string | null; kpi_id: string | null; seeded: boolean }>(
        `SELECT p.id, p.code, g.objective_id,
                (SELECT m.person_id FROM memberships m WHERE m.project_id = p.id AND m.role = 'project_manager' LIMIT 1) AS owner,
                (SELECT k.kpi_id FROM ${MEASURABLE_KPIS_SQL} k WHERE k.project_id = p.id ORDER BY k.name LIMIT 1) AS kpi_id,
                EXISTS (SELECT 1 FROM milestones x WHERE x.organisation_id = p.organisation_id AND x.project_id = p.id) AS seeded
           FROM projects p JOIN programmes g ON g.id = p.programme_id WHERE p.organisation_id = $1 ORDER BY p.code`,
        [tx.organisationId],
      ),
    );
    const fallbackOwner = (await db.tenant(actor, (tx) => tx.query<{ id: string }>(`SELECT id FROM people WHERE organisation_id = $1 AND status = 'active' ORDER BY created_at LIMIT 1`, [tx.organisationId])))[0]?.id;
    const { financialYear, periods } = yearSoFar();
    let count = 0;
    for (const project of DEMO_PROJECTS) {
      const row = rows.find((r) => r.code === project.code);
      const owner = row?.owner ?? fallbackOwner;
      if (!row || row.seeded || !owner) continue;
      await milestones.create(actor, { projectId: row.id }, { title: 'Discovery complete', baselineDate: dayFrom(-200), forecastDate: dayFrom(-200), actualDate: dayFrom(-205), ownerPersonId: owner });
      const slipping = hasGap(project, 'milestone_slipped');
      await milestones.create(actor, { projectId: row.id }, {
        title: slipping ? 'Case management go-live' : 'Next release live', baselineDate: dayFrom(20), forecastDate: dayFrom(slipping ? 80 : 20), status: 'in_progress', ownerPersonId: owner,
      });
      // Whole-life cost: four years of this year's budget as the baseline; over-budget projects forecast a fifth more.
      const baseline = fromPence(toPence(project.budget) * 4n);
      await wholeLife.record(actor, row.id, { kind: 'baseline', category: 'resource', amount: baseline, asOf: dayFrom(-300) });
      if (hasGap(project, 'over_budget')) await wholeLife.record(actor, row.id, { kind: 'forecast', category: 'resource', amount: fromPence((toPence(baseline) * 6n) / 5n), asOf: dayFrom(-10) });
      const b = BENEFITS[project.code];
      if (b) {
        const created = await benefits.create(actor, { projectId: row.id }, {
          title: b.title, kind: b.kind, unit: b.unit, ownerPersonId: owner, objectiveId: row.objective_id, baselineValue: '0.00', targetValue: b.planned,
          kpiIds: !hasGap(project, 'benefit_unmeasured') && row.kpi_id ? [row.kpi_id] : [], profile: [{ financialYear, planned: b.planned }],
        });
        // A fifth of plan where the catalogue says behind plan.
        const monthly = hasGap(project, 'benefits_behind_plan') ? fromPence(toPence(b.monthly) / 5n) : b.monthly;
        for (const period of periods) await benefits.recordRealisation(actor, created.id, { period, amount: monthly, evidence: `Benefits report ${period}` });
      }
      count++;
    }
    const counts = await db.system((manager) => app.get(ScanService).scanWithin(manager, actor.organisationId, null, new Date()));
    log(`delivery: milestones, whole-life cost and benefits on ${count} projects; rescanned (${counts.raised} flags raised)`);
  },
};
