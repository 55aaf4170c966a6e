import fc from 'fast-check';
import { addDays, currentPeriod, daysBetween, isCalendarDate, isPeriod, isTimestamp, todayInLondon } from './uk-dates';

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

describe('dates that do not exist', () => {
  it('refuses year 0000 and days past the end of the month', () => {
    expect(isCalendarDate('0000-01-01')).toBe(false);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isPeriod('0000-01')).toBe(false);
    expect(isPeriod('2026-13')).toBe(false);
    expect(isPeriod('2026-10')).toBe(true);
  });

  it('reads RFC 3339 date-times with an offset, refusing impossible dates rather than rolling them over', () => {
    expect(isTimestamp('2027-02-28T23:59:59Z')).toBe(true);
    expect(isTimestamp('2027-02-28T23:59:59.123+01:00')).toBe(true);
    expect(isTimestamp('2027-02-30T00:00:00Z')).toBe(false);
    expect(isTimestamp('2027-02-28T24:00:00Z')).toBe(false);
    expect(isTimestamp('2027-02-28T12:00:00')).toBe(false);
    expect(isTimestamp('2027-02-28')).toBe(false);
  });
});
