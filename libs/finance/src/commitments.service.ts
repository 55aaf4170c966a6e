import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, isUniqueViolation, Page, PageQuery, pageSize, Problem, toPage } from '@app/platform';
import { commitmentsWithDrawdownSql } from './commitment.queries';
import type { BudgetCategory, CommitmentKind, CostType } from './finance.enums';
import { financialYearOf } from './financial-year';
import { normaliseMoney } from './money';
import { ownedProjectIds, startMonthOf } from './spend.queries';
import { supplierIdsByName } from './supplier.queries';

export interface CommitmentInput {
  projectId: string;
  kind: CommitmentKind;
  orderNumber: string;
  supplier: string;
  category: BudgetCategory;
  costType: CostType;
  committedOn: string;
  amount: string;
  description?: string | null;
}

export interface CommitmentView {
  id: string;
  projectId: string;
  kind: CommitmentKind;
  orderNumber: string;
  supplier: string;
  supplierId: string | null;
  category: BudgetCategory;
  costType: CostType;
  financialYear: string;
  committedOn: string;
  amount: string;
  /** Spend on the project with this order number so far. */
  drawn: string;
  /** amount - drawn, never below zero. */
  outstanding: string;
  description: string | null;
  createdAt: string;
}

interface CommitmentRow {
  id: string;
  project_id: string;
  kind: CommitmentKind;
  order_number: string;
  supplier: string;
  supplier_id: string | null;
  category: BudgetCategory;
  cost_type: CostType;
  financial_year: string;
  committed_on: string;
  amount: string;
  drawn: string;
  outstanding: string;
  description: string | null;
  created_at: Date;
}

const COLUMNS = `x.id, x.project_id, x.kind, x.order_number, x.supplier, x.supplier_id, x.category, x.cost_type, x.financial_year, x.committed_on::text AS committed_on,
  x.amount::text AS amount, x.drawn::text AS drawn, x.outstanding::text AS outstanding, x.description, x.created_at`;

const toCommitmentView = (r: CommitmentRow): CommitmentView => ({
  id: r.id,
  projectId: r.project_id,
  kind: r.kind,
  orderNumber: r.order_number,
  supplier: r.supplier,
  supplierId: r.supplier_id,
  category: r.category,
  costType: r.cost_type,
  financialYear: r.financial_year,
  committedOn: r.committed_on,
  amount: r.amount,
  drawn: r.drawn,
  outstanding: r.outstanding,
  description: r.description,
  createdAt: r.created_at.toISOString(),
});

/** Purchase orders and contracts placed but not yet paid, each with its drawdown computed from the ledger in the same statement. */
@Injectable()
export class CommitmentsService {
  constructor(private readonly db: Db) {}

  async create(actor: Actor, input: CommitmentInput): Promise<CommitmentView> {
    try {
      return await this.db.tenant(actor, async (tx) => {
        if (!(await ownedProjectIds(tx, [input.projectId])).has(input.projectId)) throw Problem.notFound('project');
        const financialYear = financialYearOf(input.committedOn, await startMonthOf(tx));
        const supplierId = (await supplierIdsByName(tx, [input.supplier])).get(input.supplier) ?? null;
        const [{ id }] = await tx.query<{ id: string }>(
          `INSERT INTO commitments (organisation_id, project_id, kind, order_number, supplier, supplier_id, category, cost_type, financial_year, committed_on, amount, description, created_by_token_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
          [tx.organisationId, input.projectId, input.kind, input.orderNumber, input.supplier, supplierId, input.category, input.costType, financialYear, input.committedOn, normaliseMoney(input.amount), input.description ?? null, tx.actor.tokenId],
        );
        const [row] = await tx.query<CommitmentRow>(`SELECT ${COLUMNS} FROM (${commitmentsWithDrawdownSql('c.organisation_id = $1 AND c.id = $2')}) x`, [tx.organisationId, id]);
        const view = toCommitmentView(row);
        await tx.audit({ action: 'commitment.recorded', entityType: 'commitment', entityId: id, after: view });
        return view;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_commitments_organisation_id_project_id_order_number')) {
        throw Problem.conflict('commitment_exists', `order number ${input.orderNumber} is already committed on this project`);
      }
      throw error;
    }
  }

  get(actor: Actor, id: string): Promise<CommitmentView> {
    return this.db.tenant(actor, async (tx) => {
      const [row] = await tx.query<CommitmentRow>(`SELECT ${COLUMNS} FROM (${commitmentsWithDrawdownSql('c.organisation_id = $1 AND c.id = $2')}) x`, [tx.organisationId, id]);
      if (!row) throw Problem.notFound('commitment');
      return toCommitmentView(row);
    });
  }

  /** By commitment date, newest first; filtered by project, financial year and whether anything is outstanding. */
  list(actor: Actor, filter: PageQuery & { projectId?: string; financialYear?: string; open?: boolean }): Promise<Page<CommitmentView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const params: unknown[] = [tx.organisationId];
      const clauses = ['c.organisation_id = $1'];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        clauses.push(sql.replace('?', `$${params.length}`));
      };
      if (filter.projectId) add('c.project_id = ?', filter.projectId);
      if (filter.financialYear) add('c.financial_year = ?', filter.financialYear);
      if (after) {
        params.push(after[0], after[1]);
        clauses.push(`(c.committed_on, c.id) < ($${params.length - 1}::date, $${params.length}::uuid)`);
      }
      params.push(limit + 1);
      const open = filter.open === undefined ? '' : filter.open ? 'WHERE x.outstanding > 0' : 'WHERE x.outstanding = 0';
      const rows = await tx.query<CommitmentRow>(
        `SELECT ${COLUMNS} FROM (${commitmentsWithDrawdownSql(clauses.join(' AND '))}) x ${open} ORDER BY x.committed_on DESC, x.id DESC LIMIT $${params.length}`,
        params,
      );
      return toPage(rows, limit, (r) => [r.committed_on, r.id], toCommitmentView);
    });
  }
}
