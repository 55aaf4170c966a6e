import { Problem } from '@app/platform';
import { kindInternalMismatch } from './engagement.enums';
import { checkShares, checkTraining, coveragePct } from './evidence-rules';

const fieldsOf = (fn: () => void): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof Problem) return (error.extras.errors ?? []).map((e) => e.field);
    throw error;
  }
  return [];
};

describe('evidence rules', () => {
  it('accepts shares adding up to 100 within 0.5, exactly, whatever floating point does', () => {
    expect(fieldsOf(() => checkShares({ supportivePct: 33.33, neutralPct: 33.33, opposedPct: 33.34 }))).toEqual([]);
    expect(fieldsOf(() => checkShares({ supportivePct: 0.1, neutralPct: 0.2, opposedPct: 99.2 }))).toEqual([]); // 99.5
    expect(fieldsOf(() => checkShares({ supportivePct: 50.25, neutralPct: 50.25, opposedPct: 0 }))).toEqual([]); // 100.5
    expect(fieldsOf(() => checkShares({ supportivePct: 50.26, neutralPct: 50.25, opposedPct: 0 }))).toEqual(['supportivePct', 'neutralPct', 'opposedPct']);
    expect(fieldsOf(() => checkShares({ supportivePct: 0, neutralPct: 0, opposedPct: 99.49 }))).toHaveLength(3);
  });

  it('refuses more trained than in scope, and rounds coverage half up to one decimal', () => {
    expect(fieldsOf(() => checkTraining({ staffInScope: 10, staffTrained: 10 }))).toEqual([]);
    expect(fieldsOf(() => checkTraining({ staffInScope: 10, staffTrained: 11 }))).toEqual(['staffTrained']);
    expect(coveragePct(2, 3)).toBe(66.7);
    expect(coveragePct(1, 8)).toBe(12.5);
    expect(coveragePct(57, 80)).toBe(71.3); // 71.25 rounds up, as PostgreSQL's round() does
    expect(coveragePct(0, 5)).toBe(0);
  });

  it('keeps citizens and service users external and staff internal; suppliers and partners either', () => {
    expect(kindInternalMismatch('citizens', true)).toMatch(/external/);
    expect(kindInternalMismatch('service_users', false)).toBeNull();
    expect(kindInternalMismatch('leadership', false)).toMatch(/internal/);
    expect(kindInternalMismatch('suppliers', true)).toBeNull();
    expect(kindInternalMismatch('partners', false)).toBeNull();
  });

});
