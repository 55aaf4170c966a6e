import fc from 'fast-check';
import { evaluateKpi, KpiDefinition, LatestMeasurement, staleAfterDays } from './evaluation';
import type { EvaluationStatus } from './kpi.enums';

const at = (date: string): Date => new Date(`${date}T12:00:00Z`);
const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const satisfaction: KpiDefinition = {
  name: 'User satisfaction',
  unit: '%',
  direction: 'increase',
  baselineValue: 60,
  baselineDate: '2025-01-01',
  targetValue: 80,
  targetDate: '2026-01-01',
  tolerancePct: 5,
  frequency: 'monthly',
};

const costPerTransaction: KpiDefinition = {
  name: 'Cost per transaction',
  unit: 'GBP per transaction',
  direction: 'decrease',
  baselineValue: 8,
  baselineDate: '2025-01-01',
  targetValue: 4,
  targetDate: '2026-01-01',
  tolerancePct: 5,
  frequency: 'quarterly',
};

// 2025-07-02 is 182 of 365 days in: 49.9% of the way along the straight line.
const midway = at('2025-07-02');
const reading = (value: number, date = '2025-07-01'): LatestMeasurement => ({ date, value });

describe('evaluateKpi: worked examples', () => {
  describe('an "increase" KPI (user satisfaction 60% -> 80% over 2025)', () => {
    it('is on track at or above the straight line', () => {
      const e = evaluateKpi(satisfaction, reading(70), midway);
      expect(e).toMatchObject({ status: 'on_track', progressPct: 50, expectedPct: 49.9, latest: { date: '2025-07-01', value: 70 }, stale: false });
      expect(e.explanation).toBe('User satisfaction 70% against an expected 69.97% by now (50% of the way to 80%, 49.9% expected); tolerance 5 points: on track');
    });

    it('is at risk when behind by no more than the tolerance', () => {
      const e = evaluateKpi(satisfaction, reading(69), midway);
      expect(e).toMatchObject({ status: 'at_risk', progressPct: 45, expectedPct: 49.9 });
      expect(e.explanation).toContain('at risk');
    });

    it('is off track when behind by more than the tolerance', () => {
      const e = evaluateKpi({ ...satisfaction, tolerancePct: 3 }, reading(65), midway);
      expect(e).toMatchObject({ status: 'off_track', progressPct: 25 });
      expect(e.explanation).toBe('User satisfaction 65% against an expected 69.97% by now (25% of the way to 80%, 49.9% expected); tolerance 3 points: off track');
    });

    it('says when the value went the wrong way', () => {
      const e = evaluateKpi(satisfaction, reading(55), midway);
      expect(e).toMatchObject({ status: 'off_track', progressPct: -25 });
      expect(e.explanation).toContain('moving the wrong way (below its baseline of 60%)');
    });

    it('expects nothing before the baseline date and everything after the target date', () => {
      expect(evaluateKpi(satisfaction, reading(60, '2024-12-01'), at('2024-12-15'))).toMatchObject({ status: 'on_track', expectedPct: 0, progressPct: 0 });
      expect(evaluateKpi(satisfaction, reading(79, '2026-02-01'), at('2026-02-10'))).toMatchObject({ status: 'at_risk', expectedPct: 100, progressPct: 95 });
      expect(evaluateKpi(satisfaction, reading(81, '2026-02-01'), at('2026-02-10')).explanation).toContain('target of 80% reached');
    });
  });

  describe('a "decrease" KPI with its target below the baseline (cost per transaction 8 -> 4 GBP)', () => {
    it('is on track when the cost has fallen as fast as the line', () => {
      const e = evaluateKpi(costPerTransaction, reading(6), midway);
      expect(e).toMatchObject({ status: 'on_track', progressPct: 50, expectedPct: 49.9 });
      expect(e.explanation).toBe('Cost per transaction 6 GBP per transaction against an expected 6.01 GBP per transaction by now (50% of the way to 4 GBP per transaction, 49.9% expected); tolerance 5 points: on track');
    });

    it('is at risk a little above the line and off track well above it', () => {
      expect(evaluateKpi(costPerTransaction, reading(6.2), midway)).toMatchObject({ status: 'at_risk', progressPct: 45 });
      expect(evaluateKpi(costPerTransaction, reading(7), midway)).toMatchObject({ status: 'off_track', progressPct: 25 });
    });

    it('is on track with the target beaten, and off track when the cost rose', () => {
      expect(evaluateKpi(costPerTransaction, reading(3.5), midway)).toMatchObject({ status: 'on_track', progressPct: 112.5 });
      const rose = evaluateKpi(costPerTransaction, reading(9), midway);
      expect(rose).toMatchObject({ status: 'off_track', progressPct: -25 });
      expect(rose.explanation).toContain('above its baseline of 8 GBP per transaction');
    });
  });

  describe('without a trajectory or data', () => {
    it('is not measurable, naming what is missing', () => {
      const e = evaluateKpi({ ...satisfaction, targetValue: null, targetDate: null, unit: null }, reading(70), midway);
      expect(e).toMatchObject({ status: 'not_measurable', progressPct: null, expectedPct: null, latest: { value: 70 } });
      expect(e.explanation).toBe('User satisfaction is not measurable: it lacks unit, targetValue, targetDate');
    });

    it('has no data before the first measurement, but still says what is expected', () => {
      const e = evaluateKpi(satisfaction, null, midway);
      expect(e).toMatchObject({ status: 'no_data', progressPct: null, expectedPct: 49.9, latest: null, stale: false });
      expect(e.explanation).toContain('no measurement yet');
    });

    it('is stale when no measurement came within its frequency plus 15 days', () => {
      // monthly: 31 + 15 = 46 days; quarterly: 92 + 15 = 107 days.
      expect(evaluateKpi(satisfaction, reading(70, '2025-05-17'), midway).stale).toBe(false); // 46 days old
      const old = evaluateKpi(satisfaction, reading(70, '2025-05-16'), midway); // 47 days old
      expect(old.stale).toBe(true);
      expect(old.explanation).toContain('stale: last measured 2025-05-16, expected monthly');
      expect(evaluateKpi(costPerTransaction, reading(6, '2025-03-17'), midway).stale).toBe(false); // 107 days
      expect(evaluateKpi(costPerTransaction, reading(6, '2025-03-16'), midway).stale).toBe(true); // 108 days
      expect(evaluateKpi({ ...satisfaction, trackedSince: '2025-01-01' }, null, midway)).toMatchObject({ status: 'no_data', stale: true });
      expect(evaluateKpi({ ...satisfaction, trackedSince: '2025-06-30' }, null, midway).stale).toBe(false);
    });
  });
});

// --- properties -------------------------------------------------------------------------------

const RANK: Record<EvaluationStatus, number> = { off_track: 0, at_risk: 1, on_track: 2, no_data: -1, not_measurable: -1 };

const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const day = fc.integer({ min: 0, max: 3650 });

/** A measurable KPI whose target lies on the side of the baseline its direction asks for. */
const measurableKpi = fc
  .record({
    baseline: value,
    distance: fc.double({ min: 0.001, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    direction: fc.constantFrom('increase' as const, 'decrease' as const),
    start: day,
    length: fc.integer({ min: 1, max: 2000 }),
    tolerancePct: fc.double({ min: 0, max: 100, noNaN: true }),
    frequency: fc.constantFrom('monthly' as const, 'quarterly' as const),
  })
  .map(
    (r): KpiDefinition => ({
      name: 'kpi',
      unit: 'units',
      direction: r.direction,
      baselineValue: r.baseline,
      baselineDate: addDays('2020-01-01', r.start),
      targetValue: r.direction === 'increase' ? r.baseline + r.distance : r.baseline - r.distance,
      targetDate: addDays('2020-01-01', r.start + r.length),
      tolerancePct: r.tolerancePct,
      frequency: r.frequency,
    }),
  );

const asOf = fc.integer({ min: -100, max: 6000 }).map((d) => at(addDays('2020-01-01', d)));

/** Moves a value `steps` further in the KPI's good direction. */
const better = (kpi: KpiDefinition, v: number, steps: number): number => (kpi.direction === 'increase' ? v + steps : v - steps);

describe('evaluateKpi: properties', () => {
  it('never calls a KPI that reached or passed its target off track (it is on track)', () => {
    fc.assert(
      fc.property(measurableKpi, asOf, fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), (kpi, when, beyond) => {
        const e = evaluateKpi(kpi, reading(better(kpi, kpi.targetValue as number, beyond)), when);
        expect(e.status).toBe('on_track');
      }),
    );
  });

  it('is monotone in the latest value: a better value never gives a worse status', () => {
    fc.assert(
      fc.property(measurableKpi, asOf, value, fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), (kpi, when, v, step) => {
        const worse = evaluateKpi(kpi, reading(v), when);
        const improved = evaluateKpi(kpi, reading(better(kpi, v, step)), when);
        expect(RANK[improved.status]).toBeGreaterThanOrEqual(RANK[worse.status]);
      }),
    );
  });

  it('mirrors: an "increase" KPI and its reflection as a "decrease" KPI evaluate alike', () => {
    fc.assert(
      fc.property(measurableKpi, asOf, value, (kpi, when, v) => {
        const mirror: KpiDefinition = {
          ...kpi,
          direction: kpi.direction === 'increase' ? 'decrease' : 'increase',
          baselineValue: -(kpi.baselineValue as number),
          targetValue: -(kpi.targetValue as number),
        };
        const a = evaluateKpi(kpi, reading(v), when);
        const b = evaluateKpi(mirror, reading(-v), when);
        expect(b.status).toBe(a.status);
        expect(b.progressPct).toBe(a.progressPct);
        expect(b.expectedPct).toBe(a.expectedPct);
      }),
    );
  });

  it('keeps expected progress within 0..100, rising with time', () => {
    fc.assert(
      fc.property(measurableKpi, day, fc.integer({ min: 0, max: 1000 }), (kpi, d, later) => {
        const first = evaluateKpi(kpi, null, at(addDays('2020-01-01', d)));
        const second = evaluateKpi(kpi, null, at(addDays('2020-01-01', d + later)));
        expect(first.expectedPct).toBeGreaterThanOrEqual(0);
        expect(second.expectedPct).toBeLessThanOrEqual(100);
        expect(second.expectedPct as number).toBeGreaterThanOrEqual(first.expectedPct as number);
      }),
    );
  });

  it('reads 0% progress at the baseline value and 100% at the target value', () => {
    fc.assert(
      fc.property(measurableKpi, asOf, (kpi, when) => {
        expect(evaluateKpi(kpi, reading(kpi.baselineValue as number), when).progressPct).toBe(0);
        expect(evaluateKpi(kpi, reading(kpi.targetValue as number), when).progressPct).toBe(100);
      }),
    );
  });

  it('is on track on or above the line, at risk within the tolerance below it, off track beyond', () => {
    fc.assert(
      fc.property(measurableKpi, asOf, value, (kpi, when, v) => {
        const e = evaluateKpi(kpi, reading(v), when);
        const progress = ((v - (kpi.baselineValue as number)) / ((kpi.targetValue as number) - (kpi.baselineValue as number))) * 100;
        // expectedPct is rounded to 0.1, hence the 0.05 slack.
        const behind = (e.expectedPct as number) - progress;
        if (e.status === 'on_track') expect(behind).toBeLessThanOrEqual(0.05);
        if (e.status === 'at_risk') {
          expect(behind).toBeGreaterThan(-0.05);
          expect(behind).toBeLessThanOrEqual(kpi.tolerancePct + 0.05);
        }
        if (e.status === 'off_track') expect(behind).toBeGreaterThan(kpi.tolerancePct - 0.05);
      }),
    );
  });

  it('is not measurable whenever any of unit, baseline or target is missing, and names it', () => {
    const field = fc.constantFrom('unit', 'baselineValue', 'baselineDate', 'targetValue', 'targetDate');
    fc.assert(
      fc.property(measurableKpi, asOf, field, fc.option(value, { nil: null }), (kpi, when, missing, v) => {
        const e = evaluateKpi({ ...kpi, [missing]: null }, v === null ? null : reading(v), when);
        expect(e.status).toBe('not_measurable');
        expect(e.explanation).toContain(missing);
      }),
    );
  });

  it('is stale exactly when the latest measurement is older than the frequency plus 15 days', () => {
    fc.assert(
      fc.property(measurableKpi, fc.integer({ min: 0, max: 400 }), (kpi, age) => {
        const e = evaluateKpi(kpi, reading(kpi.baselineValue as number, '2024-01-01'), at(addDays('2024-01-01', age)));
        expect(e.stale).toBe(age > staleAfterDays(kpi.frequency));
      }),
    );
  });
});
