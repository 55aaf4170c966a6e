import fc from 'fast-check';
import { DELIVERY_CONFIDENCE } from '@app/portfolio';
import { previousPeriod, trendOf } from './trend';

describe('trend', () => {
  it('compares steps on the five-point scale', () => {
    expect(trendOf('amber', 'red')).toBe('better');
    expect(trendOf('amber_red', 'amber_green')).toBe('worse');
    expect(trendOf('green', 'green')).toBe('same');
    expect(trendOf('green', null)).toBe('new');
    expect(trendOf(null, 'green')).toBeNull();
  });

  it('is antisymmetric: a move one way is the opposite trend the other way', () => {
    const rating = fc.constantFrom(...DELIVERY_CONFIDENCE);
    fc.assert(
      fc.property(rating, rating, (a, b) => {
        const forward = trendOf(a, b);
        const backward = trendOf(b, a);
        expect(forward === 'same' ? backward === 'same' : forward !== backward && backward !== 'same').toBe(true);
      }),
    );
  });

  it('steps back one period, across a year end', () => {
    expect(previousPeriod('2026-11')).toBe('2026-10');
    expect(previousPeriod('2026-01')).toBe('2025-12');
  });
});
