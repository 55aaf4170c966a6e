import { fromPence, toPence } from '@app/finance';
import type { SpendCurve } from '@app/reporting';
import { dateLabel, money, periodLabel } from '../board-format';
import { escapeXml, FRAME, plotHeight, plotWidth, px, svgOpen } from './svg';

export interface SpendChart {
  svg: string;
  summary: string;
  rows: { month: string; label: string; spent: string; cumulative: string | null }[];
  spentToDate: string;
}

/** A round axis maximum in pence (1, 2 or 5 times a power of ten, at or above the largest value). */
function axisMax(pence: bigint): bigint {
  if (pence <= 0n) return 100_00n;
  let step = 1n;
  while (step * 10n <= pence) step *= 10n;
  for (const m of [1n, 2n, 5n, 10n]) if (step * m >= pence) return step * m;
  return step * 10n;
}

/**
 * Cumulative spend over the financial year against the budget (and the latest forecast outturn).
 * Money stays exact: amounts are pence as bigint, and only the pixel position is a ratio.
 */
export function spendChart(projectId: string, curve: SpendCurve): SpendChart {
  const budget = toPence(curve.budget);
  const forecast = curve.forecast ? toPence(curve.forecast.amount) : null;
  const points = curve.months.filter((m) => m.cumulative !== null).map((m) => ({ month: m.month, pence: toPence(m.cumulative as string) }));
  const spentToDate = points.length ? fromPence(points[points.length - 1].pence) : '0.00';
  const largest = [budget, forecast ?? 0n, ...points.map((p) => p.pence)].reduce((a, b) => (b > a ? b : a), 0n);
  const top = axisMax(largest);
  const n = curve.months.length;
  const x = (index: number) => FRAME.left + (n <= 1 ? 0 : (index / (n - 1)) * plotWidth);
  const y = (pence: bigint) => FRAME.top + plotHeight - (Number((pence * 10_000n) / top) / 10_000) * plotHeight;

  const summary =
    `Spend in ${curve.financialYear} to date ${money(spentToDate)} against a budget of ${money(curve.budget)}` +
    (curve.forecast ? `; forecast outturn ${money(curve.forecast.amount)} (as of ${dateLabel(curve.forecast.asOf)}).` : '; no forecast.');
  const id = `spend-${projectId}`;
  const parts = [svgOpen(id, `Cumulative spend against budget, financial year ${curve.financialYear}`, summary)];
  for (let i = 0n; i <= 4n; i++) {
    const value = (top * i) / 4n;
    parts.push(`<line x1="${FRAME.left}" x2="${FRAME.width - FRAME.right}" y1="${px(y(value))}" y2="${px(y(value))}" stroke="#cecece" stroke-width="1"/>`);
    parts.push(`<text x="${FRAME.left - 8}" y="${px(y(value) + 4)}" text-anchor="end" font-size="12" fill="#0b0c0c">${escapeXml(money(fromPence(value)))}</text>`);
  }
  parts.push(`<line x1="${FRAME.left}" x2="${FRAME.left}" y1="${FRAME.top}" y2="${FRAME.top + plotHeight}" stroke="#0b0c0c"/>`);
  parts.push(`<line x1="${FRAME.left}" x2="${FRAME.width - FRAME.right}" y1="${FRAME.top + plotHeight}" y2="${FRAME.top + plotHeight}" stroke="#0b0c0c"/>`);
  curve.months.forEach((m, i) => {
    if (i % 2 === 0 || i === n - 1) parts.push(`<text x="${px(x(i))}" y="${FRAME.height - 22}" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeXml(periodLabel(m.month).slice(0, 3))}</text>`);
  });
  if (budget > 0n) parts.push(`<line x1="${FRAME.left}" x2="${FRAME.width - FRAME.right}" y1="${px(y(budget))}" y2="${px(y(budget))}" stroke="#ca3535" stroke-width="2.5" stroke-dasharray="8 5"/>`);
  if (forecast !== null) parts.push(`<line x1="${FRAME.left}" x2="${FRAME.width - FRAME.right}" y1="${px(y(forecast))}" y2="${px(y(forecast))}" stroke="#54319f" stroke-width="2.5" stroke-dasharray="2 4"/>`);
  if (points.length) {
    const coords = points.map((p) => `${px(x(curve.months.findIndex((m) => m.month === p.month)))},${px(y(p.pence))}`);
    parts.push(`<polyline points="${coords.join(' ')}" fill="none" stroke="#1d70b8" stroke-width="3"/>`);
    for (const c of coords) parts.push(`<circle cx="${c.split(',')[0]}" cy="${c.split(',')[1]}" r="3.5" fill="#1d70b8"/>`);
  }
  parts.push('</svg>');
  return {
    svg: parts.join(''),
    summary,
    rows: curve.months.map((m) => ({ month: m.month, label: periodLabel(m.month), spent: m.cumulative === null ? '—' : money(m.spent), cumulative: m.cumulative === null ? null : money(m.cumulative) })),
    spentToDate,
  };
}
