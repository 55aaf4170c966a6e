import { dateOfDay, dayNumber, escapeXml, FRAME, niceTicks, plotHeight, plotWidth, px, svgOpen } from './svg';

export interface KpiChartInput {
  id: string;
  name: string;
  unit: string | null;
  direction: 'increase' | 'decrease';
  baselineValue: number | null;
  baselineDate: string | null;
  targetValue: number | null;
  targetDate: string | null;
  tolerancePct: number;
}

export interface KpiChartRow {
  date: string;
  value: string;
  expected: string | null;
  /** Against the straight line and its tolerance, in words. */
  position: string | null;
}

export interface KpiChart {
  svg: string;
  summary: string;
  rows: KpiChartRow[];
  hasTrajectory: boolean;
}

const show = (value: number, unit: string | null): string => {
  const n = String(Math.round(value * 100) / 100);
  return !unit ? n : unit === '%' ? `${n}%` : `${n} ${unit}`;
};

/**
 * A KPI's measurements against the straight line from baseline to target, with the tolerance band
 * (values behind the line by no more than the tolerance, in points of progress, count as at risk).
 * Pure: the same KPI and readings give the same SVG.
 */
export function kpiChart(kpi: KpiChartInput, readings: { date: string; value: number }[]): KpiChart {
  const measured = [...readings].sort((a, b) => a.date.localeCompare(b.date));
  const trajectory =
    kpi.baselineValue !== null && kpi.targetValue !== null && kpi.baselineDate && kpi.targetDate && kpi.targetDate > kpi.baselineDate && kpi.targetValue !== kpi.baselineValue
      ? { v0: kpi.baselineValue, v1: kpi.targetValue, d0: dayNumber(kpi.baselineDate), d1: dayNumber(kpi.targetDate) }
      : null;
  const slack = trajectory ? ((trajectory.v1 - trajectory.v0) * kpi.tolerancePct) / 100 : 0;
  const expectedAt = (day: number): number | null => {
    if (!trajectory) return null;
    const share = Math.min(1, Math.max(0, (day - trajectory.d0) / (trajectory.d1 - trajectory.d0)));
    return trajectory.v0 + (trajectory.v1 - trajectory.v0) * share;
  };

  const days = [...measured.map((m) => dayNumber(m.date)), ...(trajectory ? [trajectory.d0, trajectory.d1] : [])];
  const values = [...measured.map((m) => m.value), ...(trajectory ? [trajectory.v0, trajectory.v1, trajectory.v0 - slack, trajectory.v1 - slack] : [])];
  const rows: KpiChartRow[] = measured.map((m) => {
    const expected = expectedAt(dayNumber(m.date));
    let position: string | null = null;
    if (trajectory && expected !== null) {
      const ahead = kpi.direction === 'increase' ? m.value >= expected : m.value <= expected;
      const withinBand = kpi.direction === 'increase' ? m.value >= expected - Math.abs(slack) : m.value <= expected + Math.abs(slack);
      position = ahead ? 'On or ahead of the line' : withinBand ? 'Behind, within tolerance' : 'Behind, outside tolerance';
    }
    return { date: m.date, value: show(m.value, kpi.unit), expected: expected === null ? null : show(expected, kpi.unit), position };
  });

  const id = `kpi-${kpi.id}`;
  const latest = measured[measured.length - 1];
  const summary = [
    trajectory
      ? `Straight line from ${show(trajectory.v0, kpi.unit)} on ${kpi.baselineDate} to a target of ${show(trajectory.v1, kpi.unit)} by ${kpi.targetDate}, with a tolerance of ${kpi.tolerancePct} points.`
      : 'No straight line: the KPI lacks a baseline or target.',
    measured.length ? `${measured.length} measurement${measured.length === 1 ? '' : 's'}; latest ${show(latest.value, kpi.unit)} on ${latest.date}${rows[rows.length - 1].position ? ` (${rows[rows.length - 1].position?.toLowerCase()})` : ''}.` : 'No measurements yet.',
  ].join(' ');
  const title = `${kpi.name}: measurements against the target line`;
  if (days.length === 0) {
    return { svg: `${svgOpen(id, title, summary)}<text x="${FRAME.width / 2}" y="${FRAME.height / 2}" text-anchor="middle" class="board-chart-empty">No data to draw</text></svg>`, summary, rows, hasTrajectory: false };
  }

  let minDay = Math.min(...days);
  let maxDay = Math.max(...days);
  if (maxDay === minDay) {
    minDay -= 15;
    maxDay += 15;
  }
  let minValue = Math.min(...values);
  let maxValue = Math.max(...values);
  const pad = (maxValue - minValue || Math.abs(maxValue) || 1) * 0.08;
  minValue -= pad;
  maxValue += pad;
  const x = (day: number) => FRAME.left + ((day - minDay) / (maxDay - minDay)) * plotWidth;
  const y = (value: number) => FRAME.top + plotHeight - ((value - minValue) / (maxValue - minValue)) * plotHeight;

  const parts: string[] = [svgOpen(id, title, summary)];
  // Gridlines and value axis.
  for (const tick of niceTicks(minValue, maxValue)) {
    parts.push(`<line x1="${FRAME.left}" x2="${FRAME.width - FRAME.right}" y1="${px(y(tick))}" y2="${px(y(tick))}" stroke="#cecece" stroke-width="1"/>`);
    parts.push(`<text x="${FRAME.left - 8}" y="${px(y(tick) + 4)}" text-anchor="end" font-size="12" fill="#0b0c0c">${escapeXml(show(tick, kpi.unit === '%' ? '%' : null))}</text>`);
  }
  parts.push(`<line x1="${FRAME.left}" x2="${FRAME.left}" y1="${FRAME.top}" y2="${FRAME.top + plotHeight}" stroke="#0b0c0c"/>`);
  parts.push(`<line x1="${FRAME.left}" x2="${FRAME.width - FRAME.right}" y1="${FRAME.top + plotHeight}" y2="${FRAME.top + plotHeight}" stroke="#0b0c0c"/>`);
  // Date axis: first and last day, and the baseline and target dates when they fall inside.
  const labelDays = [...new Set([minDay, maxDay])];
  for (const day of labelDays) {
    const anchor = day === minDay ? 'start' : 'end';
    parts.push(`<text x="${px(x(day))}" y="${FRAME.height - 22}" text-anchor="${anchor}" font-size="12" fill="#0b0c0c">${dateOfDay(day)}</text>`);
  }
  if (trajectory) {
    const end = Math.max(maxDay, trajectory.d1);
    const line = [
      [trajectory.d0, trajectory.v0],
      [trajectory.d1, trajectory.v1],
      [end, trajectory.v1],
    ];
    const band = [...line.map(([d, v]) => `${px(x(d))},${px(y(v))}`), ...[...line].reverse().map(([d, v]) => `${px(x(d))},${px(y(v - slack))}`)].join(' ');
    parts.push(`<polygon points="${band}" fill="#cecece" fill-opacity="0.6" stroke="none" class="board-band"/>`);
    parts.push(`<polyline points="${line.map(([d, v]) => `${px(x(d))},${px(y(v))}`).join(' ')}" fill="none" stroke="#0b0c0c" stroke-width="2.5"/>`);
    parts.push(`<text x="${px(x(trajectory.d1))}" y="${px(y(trajectory.v1) - 8)}" text-anchor="end" font-size="12" fill="#0b0c0c">Target ${escapeXml(show(trajectory.v1, kpi.unit))}</text>`);
  }
  if (measured.length) {
    parts.push(`<polyline points="${measured.map((m) => `${px(x(dayNumber(m.date)))},${px(y(m.value))}`).join(' ')}" fill="none" stroke="#1d70b8" stroke-width="3"/>`);
    for (const m of measured) parts.push(`<circle cx="${px(x(dayNumber(m.date)))}" cy="${px(y(m.value))}" r="4" fill="#1d70b8" stroke="#ffffff" stroke-width="1"/>`);
  }
  parts.push('</svg>');
  return { svg: parts.join(''), summary, rows, hasTrajectory: !!trajectory };
}
