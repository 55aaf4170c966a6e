import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './db-errors';

const pgError = (code: string, message = 'x') => new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));

describe('isDatabaseUnavailable', () => {
  it('treats lost or refused connections as unavailable (503, retry)', () => {
    expect(isDatabaseUnavailable(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('08006'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('53300'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // What TypeORM throws for the next query of a transaction whose connection broke.
    expect(isDatabaseUnavailable(new Error('Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Query runner already released. Cannot run queries anymore.'))).toBe(true);
  });

  it('does not hide bugs or bad input as unavailability', () => {
    expect(isDatabaseUnavailable(pgError('08P01', 'bind message supplies 2 parameters'))).toBe(false);
    expect(isDatabaseUnavailable(pgError('23505'))).toBe(false);
    expect(isDatabaseUnavailable(pgError('42P01'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
  });
});
