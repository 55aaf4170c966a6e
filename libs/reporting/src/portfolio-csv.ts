import { csvLine } from '@app/platform';
import type { PortfolioView } from './portfolio.service';

const HEADER = [
  'Period', 'Evidence as of', 'Programme code', 'Programme', 'Programme reported rating', 'Programme evidence rating', 'Programme optimism gap (steps)',
  'Project code', 'Project', 'Phase', 'Status', 'Reported rating', 'Previous rating', 'Trend',
  'Evidence rating', 'Optimism gap (steps)', 'Optimism gap flagged', 'KPIs on track', 'KPIs at risk', 'KPIs off track', 'KPIs with no data', 'KPIs not measurable',
  'KPIs stale', 'Financial year', 'Budget', 'Spent', 'Forecast', 'Variance', 'Variance %', 'Over budget', 'Critical flags', 'Warning flags', 'Info flags', 'Acknowledged flags',
];

/** The portfolio as CSV, one row per project, formula-safe for spreadsheets (csvLine escapes). */
export function portfolioCsv(view: PortfolioView): string {
  let out = csvLine(HEADER);
  for (const g of view.programmes) {
    for (const p of g.projects) {
      out += csvLine([
        view.period, view.evidenceAsOf, g.code, g.name, g.reported?.rating, g.evidence?.rating, g.optimismGap,
        p.code, p.name, p.phase, p.status, p.reported?.rating, p.previous, p.trend,
        p.evidence?.rating, p.optimismGap, p.optimismGapFlagged ? 'yes' : 'no', p.kpis.on_track, p.kpis.at_risk, p.kpis.off_track, p.kpis.no_data, p.kpis.not_measurable, p.kpis.stale,
        p.finance?.financialYear, p.finance?.budget, p.finance?.spent, p.finance?.forecast, p.finance?.variance, p.finance?.variancePct, p.finance?.overBudget ? 'yes' : 'no',
        p.openFlags.critical, p.openFlags.warning, p.openFlags.info, p.openFlags.acknowledged,
      ]);
    }
  }
  return out;
}
