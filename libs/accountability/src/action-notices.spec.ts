import { longDate } from './action-notices';

describe('action emails', () => {
  it('write dates the way people read them, whatever the server’s time zone', () => {
    expect(longDate('2026-12-31')).toBe('31 December 2026');
    expect(longDate('2027-03-01')).toBe('1 March 2027');
  });
});
