import { v7 as uuidv7 } from 'uuid';

/**
 * A new ledger entry's id: UUIDv7 (RFC 9562), time-ordered, so new rows land at the right edge of
 * each yearly partition's primary key instead of all over it. The column's default, uuid_v7(),
 * makes the same kind of id for rows written without one.
 */
export const newSpendEntryId = (): string => uuidv7();
