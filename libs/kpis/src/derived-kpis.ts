import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { spendInMonthSql } from '@app/finance';
import { Actor, Db, Problem } from '@app/platform';
import { KpiDerivationEntity } from './kpi-derivation.entity';
import { KpiEntity } from './kpi.entity';

/**
 * Cost per transaction from the ledger, set-based for every derived KPI in scope: for each month
 * the transactions KPI has a value, spend that month (net of reversals, read from the finance
 * ledger) divided by that value, written as a `derived` measurement on the same date. Re-running it
 * changes only values whose inputs changed.
 */
export const REFRESH_DERIVED_KPIS_SQL = `
WITH links AS (
  SELECT d.organisation_id, d.kpi_id, d.transactions_kpi_id, k.project_id
    FROM kpi_derivations d JOIN kpis k ON k.organisation_id = d.organisation_id AND k.id = d.kpi_id
   WHERE ($1::uuid IS NULL OR d.organisation_id = $1::uuid) AND ($2::uuid IS NULL OR d.kpi_id = $2::uuid)
),
months AS (
  SELECT l.*, m.measured_on, m.value AS transactions, date_trunc('month', m.measured_on)::date AS month_start
    FROM links l JOIN kpi_measurements m ON m.organisation_id = l.organisation_id AND m.kpi_id = l.transactions_kpi_id
   WHERE m.value > 0
),
costs AS (
  SELECT mo.organisation_id, mo.kpi_id, mo.measured_on, mo.transactions, coalesce(s.total, 0) AS spend,
         round(coalesce(s.total, 0) / mo.transactions, 4) AS value
    FROM months mo
    LEFT JOIN LATERAL (${spendInMonthSql('mo.organisation_id', 'mo.project_id', 'mo.month_start')}) s ON true
),
written AS (
  INSERT INTO kpi_measurements (organisation_id, kpi_id, measured_on, value, source, note)
  SELECT organisation_id, kpi_id, measured_on, value, 'derived',
         format('£%s spent in %s / %s transactions', spend, to_char(measured_on, 'YYYY-MM'), transactions)
    FROM costs
  ON CONFLICT ON CONSTRAINT uq_kpi_measurements_organisation_id_kpi_id_measured_on
  DO UPDATE SET value = EXCLUDED.value, source = 'derived', note = EXCLUDED.note, updated_at = now()
   WHERE kpi_measurements.value IS DISTINCT FROM EXCLUDED.value OR kpi_measurements.source <> 'derived'
  RETURNING 1)
SELECT count(*)::int AS written FROM written`;

/** Whether an organisation has any derived KPI: a scan skips the refresh (and its planning) when none. */
export const derivedKpisExistSql = (organisationId: string): string => `EXISTS (SELECT 1 FROM kpi_derivations d WHERE d.organisation_id = ${organisationId})`;

export async function refreshDerivedKpis(manager: EntityManager, organisationId: string | null, kpiId: string | null = null): Promise<number> {
  const [{ written }] = await manager.query(REFRESH_DERIVED_KPIS_SQL, [organisationId, kpiId]);
  return written;
}

export interface DerivationView {
  kpiId: string;
  derivedFrom: 'ledger';
  transactionsKpiId: string;
  createdAt: string;
}

@Injectable()
export class DerivedKpisService {
  constructor(private readonly db: Db) {}

  /** Marks a cost-per-transaction KPI as derived from spend / transactions, and computes its values now. */
  link(actor: Actor, kpiId: string, transactionsKpiId: string): Promise<DerivationView & { measurementsWritten: number }> {
    if (kpiId === transactionsKpiId) throw Problem.validation([{ field: 'transactionsKpiId', message: 'a KPI cannot be its own transactions KPI' }]);
    return this.db.tenant(actor, async (tx) => {
      const kpi = await tx.findOneForUpdate(KpiEntity, { id: kpiId });
      if (!kpi) throw Problem.notFound('KPI');
      if (kpi.kind !== 'cost_per_transaction') throw Problem.conflict('not_cost_per_transaction', `only a cost_per_transaction KPI can be derived from the ledger; this one is ${kpi.kind}`);
      const transactions = await tx.findOne(KpiEntity, { id: transactionsKpiId });
      if (!transactions) throw Problem.notFound('transactions KPI');
      if (transactions.projectId !== kpi.projectId) throw Problem.validation([{ field: 'transactionsKpiId', message: 'the transactions KPI must belong to the same project' }]);
      if (transactions.kind === 'cost_per_transaction') throw Problem.validation([{ field: 'transactionsKpiId', message: 'the transactions KPI must count transactions, not cost' }]);
      await tx.query(
        `INSERT INTO kpi_derivations (organisation_id, kpi_id, transactions_kpi_id) VALUES ($1, $2, $3)
         ON CONFLICT (organisation_id, kpi_id) DO UPDATE SET transactions_kpi_id = EXCLUDED.transactions_kpi_id`,
        [tx.organisationId, kpiId, transactionsKpiId],
      );
      const written = await refreshDerivedKpis(tx.manager, tx.organisationId, kpiId);
      const row = (await tx.findOne(KpiDerivationEntity, { kpiId })) as KpiDerivationEntity;
      await tx.audit({ action: 'kpi.derivation_set', entityType: 'kpi', entityId: kpiId, after: { derivedFrom: 'ledger', transactionsKpiId } });
      return { ...toView(row), measurementsWritten: written };
    });
  }

  get(actor: Actor, kpiId: string): Promise<DerivationView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(KpiDerivationEntity, { kpiId });
      if (!row) throw Problem.notFound('derivation');
      return toView(row);
    });
  }

  /** Stops deriving: the values already computed stay as the KPI's history. */
  unlink(actor: Actor, kpiId: string): Promise<void> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(KpiDerivationEntity, { kpiId });
      if (!row) throw Problem.notFound('derivation');
      await tx.query(`DELETE FROM kpi_derivations WHERE organisation_id = $1 AND kpi_id = $2`, [tx.organisationId, kpiId]);
      await tx.audit({ action: 'kpi.derivation_removed', entityType: 'kpi', entityId: kpiId, before: toView(row) });
    });
  }
}

const toView = (row: KpiDerivationEntity): DerivationView => ({ kpiId: row.kpiId, derivedFrom: 'ledger', transactionsKpiId: row.transactionsKpiId, createdAt: row.createdAt.toISOString() });
