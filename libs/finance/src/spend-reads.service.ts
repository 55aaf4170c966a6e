import { Injectable } from '@nestjs/common';
import { Actor, csvLine, Cursor, Db, Page, PageQuery, pageSize, Problem, toPage } from '@app/platform';
import { SPEND_COLUMNS, spendColumns, SpendRow, SpendView, toSpendView } from './spend.views';

export interface SpendFilter extends PageQuery {
  projectId?: string;
  from?: string;
  to?: string;
  supplier?: string;
  financialYear?: string;
  category?: string;
  costType?: string;
  source?: string;
  importId?: string;
  kind?: string;
  orderNumber?: string;
}

const EXPORT_BATCH = 5000;
const EXPORT_HEADER = ['id', 'project_code', 'project_id', 'financial_year', 'spent_on', 'amount', 'currency', 'category', 'cost_type', 'supplier', 'supplier_is_sme', 'reference', 'description', 'external_id', 'reverses_id', 'reversal_reason', 'source', 'created_at', 'kind', 'order_number', 'supplier_id'];

/** Builds the WHERE clause of a ledger read; $1 is always the organisation. */
function where(filter: SpendFilter, params: unknown[]): string {
  const clauses = ['e.organisation_id = $1'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.projectId) add('e.project_id = ?', filter.projectId);
  if (filter.from) add('e.spent_on >= ?::date', filter.from);
  if (filter.to) add('e.spent_on <= ?::date', filter.to);
  if (filter.supplier) add('lower(e.supplier) = lower(?)', filter.supplier);
  if (filter.financialYear) add('e.financial_year = ?', filter.financialYear);
  if (filter.category) add('e.category = ?', filter.category);
  if (filter.costType) add('e.cost_type = ?', filter.costType);
  if (filter.source) add('e.source = ?', filter.source);
  if (filter.importId) add('e.import_id = ?', filter.importId);
  if (filter.kind) add('e.kind = ?', filter.kind);
  if (filter.orderNumber) add('e.order_number = ?', filter.orderNumber);
  return clauses.join(' AND ');
}

/** Reads of the ledger: a keyset-paginated list (newest spend date first), one entry, and CSV export. */
@Injectable()
export class SpendReadsService {
  constructor(private readonly db: Db) {}

  list(actor: Actor, filter: SpendFilter): Promise<Page<SpendView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const params: unknown[] = [tx.organisationId];
      let sql = where(filter, params);
      if (after) {
        params.push(after[0], after[1]);
        sql += ` AND (e.spent_on, e.id) < ($${params.length - 1}::date, $${params.length}::uuid)`;
      }
      params.push(limit + 1);
      const rows = await tx.query<SpendRow>(`SELECT ${SPEND_COLUMNS} FROM spend_entries e WHERE ${sql} ORDER BY e.spent_on DESC, e.id DESC LIMIT $${params.length}`, params);
      return toPage(rows, limit, (r) => [r.spent_on, r.id], toSpendView);
    });
  }

  get(actor: Actor, id: string): Promise<SpendView & { reversedById: string | null }> {
    return this.db.tenant(actor, async (tx) => {
      const [row] = await tx.query<SpendRow & { reversed_by_id: string | null }>(
        `SELECT ${spendColumns('e')}, (SELECT r.id FROM spend_entries r WHERE r.organisation_id = e.organisation_id AND r.reverses_id = e.id) AS reversed_by_id
           FROM spend_entries e WHERE e.organisation_id = $1 AND e.id = $2`,
        [tx.organisationId, id],
      );
      if (!row) throw Problem.notFound('spend entry');
      return { ...toSpendView(row), reversedById: row.reversed_by_id };
    });
  }

  /**
   * The ledger for a period as spreadsheet-safe CSV, produced in keyset batches so an export of
   * millions of rows never sits in memory.
   */
  async *exportCsv(actor: Actor, filter: SpendFilter): AsyncGenerator<string> {
    yield csvLine(EXPORT_HEADER);
    let after: [string, string] | null = null;
    for (;;) {
      const rows: (SpendRow & { project_code: string })[] = await this.db.tenant(actor, (tx) => {
        const params: unknown[] = [tx.organisationId];
        let sql = where(filter, params);
        if (after) {
          params.push(after[0], after[1]);
          sql += ` AND (e.spent_on, e.id) > ($${params.length - 1}::date, $${params.length}::uuid)`;
        }
        return tx.query(
          `SELECT ${spendColumns('e')}, p.code AS project_code
             FROM spend_entries e JOIN projects p ON p.organisation_id = e.organisation_id AND p.id = e.project_id
            WHERE ${sql} ORDER BY e.spent_on, e.id LIMIT ${EXPORT_BATCH}`,
          params,
        );
      });
      if (rows.length === 0) return;
      let chunk = '';
      for (const r of rows) {
        chunk += csvLine([
          r.id, r.project_code, r.project_id, r.financial_year, r.spent_on, r.amount, r.currency, r.category, r.cost_type, r.supplier,
          r.sme_stated ? r.supplier_is_sme : '', r.reference, r.description, r.external_id, r.reverses_id, r.reversal_reason, r.source, r.created_at.toISOString(),
          r.kind, r.order_number, r.supplier_id,
        ]);
      }
      yield chunk;
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1];
      after = [last.spent_on, last.id];
    }
  }
}
