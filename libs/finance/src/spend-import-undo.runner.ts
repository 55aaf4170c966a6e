import { Injectable } from '@nestjs/common';
import { Actor, Db } from '@app/platform';
import { ADD_TO_SPEND_TOTALS } from './spend.queries';

export type UndoOutcome = 'undone' | 'skipped';

/**
 * Undoes an import in the worker: ONE transaction reverses every entry the import wrote that is not
 * already reversed (one INSERT … SELECT), releases their fingerprints (so the rows may be imported
 * again, e.g. by a re-run with a corrected mapping), moves the running totals back and marks the
 * import undone. Killed half way, it leaves nothing; the retried job does it all.
 */
@Injectable()
export class SpendImportUndoRunner {
  constructor(private readonly db: Db) {}

  async run(importId: string, organisationId: string): Promise<UndoOutcome> {
    const system: Actor = { organisationId, tokenId: null, name: 'spend import undo', scopes: [], requestId: `import-undo:${importId}` };
    const [row] = await this.db.tenant(system, (tx) =>
      tx.query<{ status: string; undone_by_token_id: string | null }>(`SELECT status, undone_by_token_id FROM spend_imports WHERE id = $1 AND organisation_id = $2`, [importId, organisationId]),
    );
    if (!row || row.status !== 'undoing') return 'skipped';
    const actor: Actor = { ...system, tokenId: row.undone_by_token_id };
    return this.db.tenant(actor, async (tx) => {
      await tx.query(`SELECT set_config('statement_timeout', '0', true)`);
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('spend_import'), hashtext($1))`, [importId]);
      const [current] = await tx.query<{ status: string; undo_reason: string | null }>(`SELECT status, undo_reason FROM spend_imports WHERE id = $1 AND organisation_id = $2 FOR UPDATE`, [importId, organisationId]);
      if (current?.status !== 'undoing') return 'skipped';
      const reason = `import ${importId} undone${current.undo_reason ? `: ${current.undo_reason}` : ''}`.slice(0, 500);
      const [result] = await tx.query<{ reversed: number; total: string | null }>(
        `WITH targets AS (
           SELECT e.* FROM spend_entries e
            WHERE e.organisation_id = $1 AND e.import_id = $2 AND e.reverses_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM spend_entries r WHERE r.organisation_id = $1 AND r.reverses_id = e.id)
         ), ins AS (
           INSERT INTO spend_entries (organisation_id, project_id, financial_year, spent_on, amount, currency, category, cost_type, supplier, supplier_is_sme,
                                      reference, description, reverses_id, reversal_reason, import_id, source, created_by_token_id, kind, order_number, supplier_id, sme_stated)
           SELECT organisation_id, project_id, financial_year, spent_on, -amount, currency, category, cost_type, supplier, supplier_is_sme,
                  reference, description, id, $3, import_id, 'import', $4, kind, order_number, supplier_id, sme_stated FROM targets
           RETURNING organisation_id, project_id, financial_year, category, amount, supplier_is_sme
         ), freed AS (
           DELETE FROM spend_fingerprints f USING targets t WHERE f.organisation_id = $1 AND f.fingerprint = t.fingerprint AND f.entry_id = t.id
         ), totals AS (
           INSERT INTO spend_totals AS t (organisation_id, project_id, financial_year, category, total, sme_total, entry_count)
           SELECT organisation_id, project_id, financial_year, category, sum(amount), coalesce(sum(amount) FILTER (WHERE supplier_is_sme), 0), count(*)
             FROM ins GROUP BY organisation_id, project_id, financial_year, category
            ORDER BY organisation_id, project_id, financial_year, category
           ${ADD_TO_SPEND_TOTALS}
         )
         SELECT count(*)::int AS reversed, sum(amount)::text AS total FROM ins`,
        [organisationId, importId, reason, actor.tokenId],
      );
      await tx.query(`UPDATE spend_imports SET status = 'undone', reversed_rows = $3, undone_at = clock_timestamp(), updated_at = now() WHERE id = $1 AND organisation_id = $2`, [
        importId,
        organisationId,
        result.reversed,
      ]);
      await tx.audit({ action: 'spend_import.undone', entityType: 'spend_import', entityId: importId, before: { status: 'undoing' }, after: { status: 'undone', reversedRows: result.reversed, reversedAmount: result.total ?? '0.00' } });
      return 'undone';
    });
  }
}
