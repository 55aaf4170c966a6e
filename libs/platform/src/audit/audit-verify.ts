import { createHash } from 'node:crypto';

export type Query = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

export interface ChainBreak {
  seq: string | null;
  id: string | null;
  chainIndex: string;
  reason: 'altered' | 'missing' | 'head_mismatch';
}

export interface ChainReport {
  organisationId: string;
  rows: number;
  ok: boolean;
  firstBreak: ChainBreak | null;
}

const GENESIS = Buffer.alloc(32);
const BATCH = 5000;

/**
 * Recomputes each organisation's audit chain in chain order: hash = sha256(previous || canonical row),
 * the canonical form coming from the same SQL function the insert trigger uses. Reports the first
 * row whose stored hash differs (altered), a gap in the chain (a deleted row), or a head that does
 * not match the last row (rows deleted from the end). Run it as a role that sees every
 * organisation (the worker's).
 */
export async function verifyAuditChains(query: Query, organisationId?: string): Promise<ChainReport[]> {
  const orgs = organisationId
    ? [{ id: organisationId }]
    : await query<{ id: string }>(`SELECT id FROM organisations UNION SELECT DISTINCT organisation_id FROM audit_events ORDER BY 1`);
  const reports: ChainReport[] = [];
  for (const { id } of orgs) reports.push(await verifyOne(query, id));
  return reports;
}

async function verifyOne(query: Query, organisationId: string): Promise<ChainReport> {
  let previous = GENESIS;
  let expectedIndex = 1n;
  let rows = 0;
  const broken = (b: ChainBreak): ChainReport => ({ organisationId, rows, ok: false, firstBreak: b });
  for (;;) {
    const batch = await query<{ seq: string; id: string; chain_index: string; hash: Buffer; canonical: Buffer }>(
      `SELECT a.seq, a.id, a.chain_index, a.hash, audit_canonical(a) AS canonical FROM audit_events a
        WHERE a.organisation_id = $1 AND a.chain_index >= $2 ORDER BY a.chain_index LIMIT ${BATCH}`,
      [organisationId, expectedIndex.toString()],
    );
    for (const row of batch) {
      if (BigInt(row.chain_index) !== expectedIndex) return broken({ seq: null, id: null, chainIndex: expectedIndex.toString(), reason: 'missing' });
      const hash = createHash('sha256').update(previous).update(row.canonical).digest();
      if (!hash.equals(row.hash)) return broken({ seq: row.seq, id: row.id, chainIndex: row.chain_index, reason: 'altered' });
      previous = hash;
      expectedIndex++;
      rows++;
    }
    if (batch.length < BATCH) break;
  }
  const [head] = await query<{ last_index: string; last_hash: Buffer }>(`SELECT last_index, last_hash FROM audit_chain_heads WHERE organisation_id = $1`, [organisationId]);
  const headIndex = head ? BigInt(head.last_index) : 0n;
  if (headIndex !== expectedIndex - 1n || (head && !head.last_hash.equals(previous))) {
    return broken({ seq: null, id: null, chainIndex: (expectedIndex).toString(), reason: 'head_mismatch' });
  }
  return { organisationId, rows, ok: true, firstBreak: null };
}
