import fc from 'fast-check';
import { addDays, currentPeriod, daysBetween, isCalendarDate, todayInLondon } from './uk-dates';

describe('UK dates', () => {
  it('counts today in London, ahead of UTC in summer', () => {
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(currentPeriod(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07');
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate(20260101)).toBe(false);
  });

  it('counts calendar days across month ends and clock changes', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('adds days and measures the gap consistently', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.integer({ min: -1000, max: 1000 }), (offset, n) => {
        const start = addDays('2000-01-01', offset);
        expect(daysBetween(start, addDays(start, n))).toBe(n);
        expect(isCalendarDate(addDays(start, n))).toBe(true);
      }),
    );
  });
});
