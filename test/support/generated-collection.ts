import type { Pool } from 'pg';

/** Where a path's id points, by the collection segment before it. */
const TABLES: Record<string, string> = {
  actions: 'actions', benefits: 'benefits', 'buy-in-readings': 'buy_in_readings', commitments: 'commitments', decisions: 'decisions',
  dependencies: 'dependencies', engagements: 'engagements', flags: 'flags', issues: 'issues', kpis: 'kpis', memberships: 'memberships',
  milestones: 'milestones', objectives: 'strategic_objectives', people: 'people', programmes: 'programmes', projects: 'projects', risks: 'risks',
  'stakeholder-groups': 'stakeholder_groups', 'status-reports': 'status_reports', suppliers: 'suppliers', 'training-records': 'training_records',
  webhooks: 'webhooks', spend: 'spend_entries', imports: 'spend_imports', 'split-mappings': 'spend_split_mappings', scans: 'governance_scans',
};

/** Body and query fields that name a record, and the segment whose id they take. */
const FIELDS: Record<string, string> = {
  projectId: 'projects', programmeId: 'programmes', kpiId: 'kpis', personId: 'people', ownerPersonId: 'people', groupId: 'stakeholder-groups',
  objectiveId: 'objectives', supplierId: 'suppliers', flagId: 'flags',
};

/** An id that names nothing: for tokens, so the run never revokes or rotates the token it signs in with. */
const NOTHING = '00000000-0000-4000-8000-000000000000';

/** One existing id per kind in the organisation, in one statement. */
export async function existingIds(db: Pool, organisationId: string): Promise<Record<string, string>> {
  const select = Object.entries(TABLES)
    .map(([segment, table]) => `(SELECT id::text FROM ${table} WHERE organisation_id = $1 ORDER BY id LIMIT 1) AS "${segment}"`)
    .join(', ');
  const { rows } = await db.query<Record<string, string | null>>(`SELECT ${select}`, [organisationId]);
  const ids = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, v ?? NOTHING]));
  return { ...ids, tokens: NOTHING };
}

interface PostmanItem {
  item?: PostmanItem[];
  request?: {
    url: { path?: string[]; variable?: { key: string; value?: string }[]; query?: { key: string; value?: string; disabled?: boolean }[] };
    body?: { mode?: string; raw?: string };
  };
}

/**
 * The requests a generator made from the document carry made-up ids and cursors, so nearly all of
 * them would stop at validation. Each one gets the organisation's real records instead (what the
 * generator fuzzed is left as it is): path ids by the collection they sit under, fields naming a
 * record, and no cursor (they are signed).
 */
export function withRealIds(collection: { item: PostmanItem[] }, ids: Record<string, string>): number {
  let changed = 0;
  const named = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(named);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k in FIELDS && typeof v === 'string' ? ids[FIELDS[k]] : named(v)]));
  };
  const visit = (items: PostmanItem[]) => {
    for (const item of items) {
      if (item.item) visit(item.item);
      if (!item.request) continue;
      const { url, body } = item.request;
      const path = url.path ?? [];
      for (const variable of url.variable ?? []) {
        const at = path.indexOf(`:${variable.key}`);
        const segment = at > 0 ? path[at - 1] : '';
        if (variable.key === 'id' && ids[segment]) variable.value = ids[segment];
        else if (variable.key === 'date') variable.value = '2026-11-30';
        else if (variable.key === 'deliveryId') variable.value = NOTHING;
        else continue;
        changed++;
      }
      for (const q of url.query ?? []) {
        if (q.key in FIELDS) q.value = ids[FIELDS[q.key]];
        if (q.key === 'cursor') q.disabled = true;
      }
      if (body?.mode === 'raw' && body.raw) {
        try {
          body.raw = JSON.stringify(named(JSON.parse(body.raw)));
        } catch {
          /* a body the generator made invalid on purpose stays as it is */
        }
      }
    }
  };
  visit(collection.item);
  return changed;
}
