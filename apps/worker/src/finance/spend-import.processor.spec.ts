import { isDeterministic } from './spend-import.processor';

describe('spend import failures', () => {
  it('fails once for data the database refuses, and retries connection trouble, deadlocks and the unknown', () => {
    for (const code of ['22021', '22P02', '23505', '42703', '0A000']) expect(isDeterministic({ code })).toBe(true);
    expect(isDeterministic({ driverError: { code: '22001' } })).toBe(true);
    for (const code of ['08006', '57P01', '40001', '40P01', '53300', 'ECONNRESET', undefined]) expect(isDeterministic({ code })).toBe(false);
    expect(isDeterministic(new Error('boom'))).toBe(false);
    expect(isDeterministic(null)).toBe(false);
  });
});
