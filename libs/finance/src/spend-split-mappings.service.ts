import { Injectable } from '@nestjs/common';
import { Actor, assertVersion, Db, isUniqueViolation, Problem, TenantTx } from '@app/platform';
import type { UnmappedPolicy } from './finance.enums';
import { ownedProjectIds } from './spend.queries';
import { SpendSplitMappingEntity } from './spend-split-mapping.entity';

export interface SplitMappingInput {
  name: string;
  column: string;
  /** Value as the extract writes it -> project id. Values are matched ignoring case and surrounding spaces. */
  values: Record<string, string>;
  unmapped: UnmappedPolicy;
  holdingProjectId?: string | null;
}

export interface SplitMappingView {
  id: string;
  name: string;
  column: string;
  values: Record<string, string>;
  unmapped: UnmappedPolicy;
  holdingProjectId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const toSplitMappingView = (m: SpendSplitMappingEntity): SplitMappingView => ({
  id: m.id,
  name: m.name,
  column: m.columnName,
  values: m.values,
  unmapped: m.unmapped,
  holdingProjectId: m.holdingProjectId,
  version: m.version,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});

/** Saved split mappings for organisation-wide extracts: which project each value of a column (department, cost centre) belongs to. */
@Injectable()
export class SpendSplitMappingsService {
  constructor(private readonly db: Db) {}

  async create(actor: Actor, input: SplitMappingInput): Promise<SplitMappingView> {
    try {
      return await this.db.tenant(actor, async (tx) => {
        await checkProjects(tx, input);
        const row = await tx.insert(SpendSplitMappingEntity, { name: input.name, columnName: input.column, values: normaliseValues(input.values), unmapped: input.unmapped, holdingProjectId: input.holdingProjectId ?? null });
        const view = toSplitMappingView(row);
        await tx.audit({ action: 'spend_split_mapping.created', entityType: 'spend_split_mapping', entityId: row.id, after: view });
        return view;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_spend_split_mappings_organisation_id_name')) throw Problem.conflict('split_mapping_exists', `a split mapping named "${input.name}" already exists; change that one instead`);
      throw error;
    }
  }

  /** PUT with If-Match: the whole mapping replaced (the audit trail keeps the old one). */
  replace(actor: Actor, id: string, version: number, input: Omit<SplitMappingInput, 'name'>): Promise<SplitMappingView> {
    return this.db.tenant(actor, async (tx) => {
      const current = await tx.findOneForUpdate(SpendSplitMappingEntity, { id });
      if (!current) throw Problem.notFound('split mapping');
      assertVersion(version, current.version);
      await checkProjects(tx, input);
      await tx.query(
        `UPDATE spend_split_mappings SET column_name = $3, "values" = $4, unmapped = $5, holding_project_id = $6, version = version + 1, updated_at = now() WHERE organisation_id = $1 AND id = $2`,
        [tx.organisationId, id, input.column, JSON.stringify(normaliseValues(input.values)), input.unmapped, input.holdingProjectId ?? null],
      );
      const after = toSplitMappingView((await tx.findOne(SpendSplitMappingEntity, { id })) as SpendSplitMappingEntity);
      await tx.audit({ action: 'spend_split_mapping.replaced', entityType: 'spend_split_mapping', entityId: id, before: toSplitMappingView(current), after });
      return after;
    });
  }

  get(actor: Actor, id: string): Promise<SplitMappingView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(SpendSplitMappingEntity, { id });
      if (!row) throw Problem.notFound('split mapping');
      return toSplitMappingView(row);
    });
  }

  /** Every mapping, by name (an organisation keeps a handful: one page). */
  list(actor: Actor): Promise<{ data: SplitMappingView[]; nextCursor: null }> {
    return this.db.tenant(actor, async (tx) => ({ data: (await tx.select(SpendSplitMappingEntity, 'm').orderBy('m.name', 'ASC').getMany()).map(toSplitMappingView), nextCursor: null }));
  }
}

const MAX_SPLIT_VALUES = 5000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const normaliseValues = (values: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(values).map(([k, v]) => [k.trim(), v.toLowerCase()]));

/** Every project named (mapped or holding) must be the organisation's: one query. Another organisation's id is answered as not found. */
async function checkProjects(tx: TenantTx, input: Omit<SplitMappingInput, 'name'>): Promise<void> {
  if (input.unmapped === 'holding' && !input.holdingProjectId) throw Problem.validation([{ field: 'holdingProjectId', message: 'name the holding project that takes rows whose value has no project' }]);
  if (input.unmapped === 'reject' && input.holdingProjectId) throw Problem.validation([{ field: 'holdingProjectId', message: 'a holding project is only used with unmapped: "holding"; remove it or change unmapped' }]);
  const entries = Object.entries(input.values);
  if (entries.length === 0 || entries.length > MAX_SPLIT_VALUES) throw Problem.validation([{ field: 'values', message: `map 1 to ${MAX_SPLIT_VALUES} values to projects` }]);
  const bad = entries.find(([key, id]) => key.trim() === '' || key.length > 200 || typeof id !== 'string' || !UUID.test(id));
  if (bad) throw Problem.validation([{ field: `values.${bad[0]}`, message: 'each value (1-200 characters) must map to a project id (UUID)' }]);
  const lower = new Map<string, string>();
  for (const key of Object.keys(input.values)) {
    const k = key.trim().toLowerCase();
    if (lower.has(k)) throw Problem.validation([{ field: `values.${key}`, message: `"${key}" and "${lower.get(k)}" are the same value (matching ignores case and spaces); keep one` }]);
    lower.set(k, key);
  }
  const ids = [...Object.values(input.values), ...(input.holdingProjectId ? [input.holdingProjectId] : [])].map((v) => v.toLowerCase());
  const owned = await ownedProjectIds(tx, ids);
  const missing = ids.find((id) => !owned.has(id));
  if (missing) throw Problem.notFound('project');
}
