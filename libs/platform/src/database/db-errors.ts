import { QueryFailedError } from 'typeorm';

const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300']);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is closed',
  'the database system is',
  'terminating connection',
  // TypeORM releases a query runner whose connection broke; the transaction's next query (or its
  // COMMIT) says so, in one of two wordings.
  'query runner was already released',
  'Query runner already released',
];

function codeOf(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.driverError?.code ?? e.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the database could not be reached or dropped us: the request may succeed if retried. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  // Class 08 is connection trouble, except 08P01 (protocol violation), which is a bug in the query.
  if (code && (CONNECTION_CODES.has(code) || (code.startsWith('08') && code !== '08P01'))) return true;
  const message = error instanceof Error ? error.message : '';
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

export interface PgViolation {
  code: string;
  constraint?: string;
  detail?: string;
}

/** The SQLSTATE and constraint of a failed query, if it is one. */
export function pgViolation(error: unknown): PgViolation | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const d = (error as QueryFailedError & { driverError: { code?: string; constraint?: string; detail?: string } }).driverError;
  return d?.code ? { code: d.code, constraint: d.constraint, detail: d.detail } : undefined;
}

export const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  const v = pgViolation(error);
  return v?.code === '23505' && (constraint === undefined || v.constraint === constraint);
};

export const isSerializationFailure = (error: unknown): boolean => ['40001', '40P01'].includes(pgViolation(error)?.code ?? '');
