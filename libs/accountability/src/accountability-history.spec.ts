import { changesBetween } from './accountability-history';

describe('changesBetween', () => {
  it('keeps only the fields that changed, from and to', () => {
    expect(changesBetween({ title: 'a', impact: 4, score: 16, version: 1 }, { title: 'a', impact: 5, score: 20, version: 2 })).toEqual({ impact: { from: 4, to: 5 }, score: { from: 16, to: 20 } });
  });

  it('records every field of a new record as set from nothing, leaving out bookkeeping', () => {
    expect(changesBetween(null, { title: 'a', notes: null, version: 1, createdAt: 'x', updatedAt: 'y' })).toEqual({ title: { from: null, to: 'a' } });
  });

  it('compares values, not references', () => {
    expect(changesBetween({ details: { a: 1 } }, { details: { a: 1 } })).toEqual({});
  });
});
