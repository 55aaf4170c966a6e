import { kpiChart } from './kpi-chart';
import { spendChart } from './spend-chart';
import { niceTicks } from './svg';
import { compareDecimal, exceeds, money, moneyPence, variance } from '../board-format';

const kpi = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Digital take-up <online>',
  unit: '%',
  direction: 'increase' as const,
  baselineValue: 40,
  baselineDate: '2026-01-01',
  targetValue: 80,
  targetDate: '2027-01-01',
  tolerancePct: 10,
};

describe('KPI chart', () => {
  it('places each reading against the straight line and its tolerance band, in words as well as pixels', () => {
    const chart = kpiChart(kpi, [
      { date: '2026-07-02', value: 61 }, // line is at 59.95: ahead
      { date: '2026-01-01', value: 40 },
      { date: '2026-10-01', value: 63 }, // line at 70.1, band down to 66.1: outside
      { date: '2026-09-01', value: 64 }, // line at 66.8, band to 62.8: within
    ]);
    expect(chart.rows.map((r) => r.date)).toEqual(['2026-01-01', '2026-07-02', '2026-09-01', '2026-10-01']);
    expect(chart.rows.map((r) => r.position)).toEqual(['On or ahead of the line', 'On or ahead of the line', 'Behind, within tolerance', 'Behind, outside tolerance']);
    expect(chart.rows[1].expected).toBe('59.95%');
    expect(chart.hasTrajectory).toBe(true);
    expect(chart.svg).toContain('role="img"');
    expect(chart.svg).toContain('class="board-band"');
    expect(chart.summary).toContain('latest 63% on 2026-10-01 (behind, outside tolerance)');
  });

  it('treats "lower is better" the other way round', () => {
    const chart = kpiChart({ ...kpi, direction: 'decrease', baselineValue: 10, targetValue: 5 }, [{ date: '2026-07-02', value: 7.4 }, { date: '2026-07-03', value: 8 }]);
    // Line at about 7.49 on 2 July; tolerance 0.5 above it.
    expect(chart.rows.map((r) => r.position)).toEqual(['On or ahead of the line', 'Behind, outside tolerance']);
  });

  it('escapes text in the SVG and draws no line for a KPI without a target', () => {
    const chart = kpiChart({ ...kpi, targetValue: null }, [{ date: '2026-02-01', value: 42 }]);
    expect(chart.svg).toContain('Digital take-up &lt;online&gt;');
    expect(chart.svg).not.toContain('<online>');
    expect(chart.hasTrajectory).toBe(false);
    expect(chart.rows[0]).toEqual({ date: '2026-02-01', value: '42%', expected: null, position: null });
  });
});

describe('spend chart', () => {
  it('keeps money exact and stops the cumulative line at the current month', () => {
    const months = ['2026-04', '2026-05', '2026-06', '2026-07'].map((month, i) => ({ month, spent: i < 3 ? '1000.10' : '0.00', cumulative: i < 3 ? ['1000.10', '2000.20', '3000.30'][i] : null }));
    const chart = spendChart('p', { financialYear: '2026-27', start: '2026-04-01', end: '2027-03-31', budget: '5000.00', forecast: { amount: '5500.00', asOf: '2026-06-30' }, months });
    expect(chart.spentToDate).toBe('3000.30');
    expect(chart.rows.map((r) => r.cumulative)).toEqual(['£1,000', '£2,000', '£3,000', null]);
    expect((chart.svg.match(/<circle/g) ?? []).length).toBe(3);
    expect(chart.summary).toBe('Spend in 2026-27 to date £3,000 against a budget of £5,000; forecast outturn £5,500 (as of 30 June 2026).');
  });
});

describe('formatting', () => {
  it('formats money from its decimal string', () => {
    expect(moneyPence('1234567.5')).toBe('£1,234,567.50');
    expect(moneyPence('-12.30')).toBe('−£12.30');
    expect(money(null)).toBe('—');
  });

  it('rounds the board’s pounds half away from zero, exactly, even past a float’s precision', () => {
    expect(money('1234567.5')).toBe('£1,234,568');
    expect(money('1234567.49')).toBe('£1,234,567');
    expect(money('-12.50')).toBe('−£13');
    expect(money('-0.40')).toBe('£0');
    expect(money('99999999999999999.50')).toBe('£100,000,000,000,000,000');
  });

  it('says a variance in words, marking only overspend', () => {
    expect(variance('18.0')).toEqual({ text: '18.0% over budget', over: true });
    expect(variance('-3.0')).toEqual({ text: '3.0% under budget', over: false });
    expect(variance('0.0')).toEqual({ text: 'On budget', over: false });
    expect(variance(null)).toBeNull();
    expect(exceeds('5000.01', '5000.00')).toBe(true);
    expect(exceeds('5000.00', '5000')).toBe(false);
    expect(exceeds(null, '5000')).toBe(false);
    expect(compareDecimal('-1.5', '-1.25')).toBe(-1);
  });

  it('picks round ticks', () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
  });
});
