import { financialYearOf, financialYearRange, isFinancialYear } from './financial-year';

describe('financial years', () => {
  it('follows an April start by default', () => {
    expect(financialYearOf('2026-04-01')).toBe('2026-27');
    expect(financialYearOf('2027-03-31')).toBe('2026-27');
    expect(financialYearOf('2026-03-31')).toBe('2025-26');
    expect(financialYearOf(new Date('2026-12-25T23:00:00Z'))).toBe('2026-27');
  });

  it('follows the organisation start month', () => {
    expect(financialYearOf('2026-01-01', 1)).toBe('2026-27');
    expect(financialYearOf('2026-12-31', 1)).toBe('2026-27');
    expect(financialYearOf('2026-06-30', 7)).toBe('2025-26');
    expect(financialYearOf('2026-07-01', 7)).toBe('2026-27');
    expect(financialYearOf('1999-05-01')).toBe('1999-00');
  });

  it('gives inclusive ranges, leap years included', () => {
    expect(financialYearRange('2026-27')).toEqual({ start: '2026-04-01', end: '2027-03-31' });
    expect(financialYearRange('2027-28', 3)).toEqual({ start: '2027-03-01', end: '2028-02-29' });
    expect(financialYearRange('2026-27', 1)).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('validates labels and start months', () => {
    expect(isFinancialYear('2026-27')).toBe(true);
    expect(isFinancialYear('2099-00')).toBe(true);
    expect(isFinancialYear('2026-28')).toBe(false);
    expect(isFinancialYear('2026/27')).toBe(false);
    expect(() => financialYearRange('2026-28')).toThrow(RangeError);
    expect(() => financialYearOf('2026-04-01', 13)).toThrow(RangeError);
    expect(() => financialYearOf('01/04/2026')).toThrow(RangeError);
  });
});
