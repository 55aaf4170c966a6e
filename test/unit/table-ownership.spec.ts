import { libSources, tableOwners, tablesNamed } from './table-ownership';

/**
 * One owner per table: a lib's SQL names only the tables of its own entity list. Another area's
 * data is reached through what that area exports (a named query, a SQL fragment it composes, or a
 * service), so the imports show every dependency. The exceptions are this short list of read
 * models, read only; a write to another area's table is never allowed.
 */
const SHARED_READS = new Set(['organisations', 'programmes', 'projects']);

const READ_MODELS: { file: string; tables: string[]; why: string }[] = [
  { file: 'libs/governance/src/sql/rating.queries.ts', tables: ['status_reports'], why: 'the rating sets the reported RAG beside the evidence' },
  { file: 'libs/governance/src/sql/rules.queries.ts', tables: ['status_reports'], why: 'the overdue-report rule looks for the last period reported' },
  { file: 'libs/reporting/src/board/board-pack.queries.ts', tables: ['status_reports'], why: 'the board pack: reported rating and narrative' },
  { file: 'libs/governance/src/sql/context.queries.ts', tables: ['status_reports'], why: 'the period under review is the latest one reported' },
  { file: 'libs/governance/src/sql/evidence.queries.ts', tables: ['status_reports'], why: "the evidence read model compares with the period's own report" },
  { file: 'libs/governance/src/evidence/evidence-refresh.service.ts', tables: ['status_reports'], why: 'a new period reported refreshes the whole read model' },
  { file: 'libs/reporting/src/portfolio-read.queries.ts', tables: ['evidence_states', 'organisation_scan_marks'], why: "the evidence read model's version and the last full scan that verified it" },
  { file: 'libs/reporting/src/board/spend-curve.queries.ts', tables: ['budgets', 'forecasts', 'spend_entries'], why: 'the board chart of spend by month against budget and forecast' },
];

describe('table ownership', () => {
  const owners = tableOwners();

  it('knows every table of the schema registry and who owns it', () => {
    expect(owners.get('spend_entries')).toBe('finance');
    expect(owners.get('audit_events')).toBe('platform');
    expect(owners.get('engagements')).toBe('engagement');
    expect(owners.get('board_sessions')).toBe('platform');
  });

  it('finds the tables a statement reads and writes', () => {
    const sql = `INSERT INTO audit_events (a) SELECT x FROM spend_entries s JOIN kpis k ON true; UPDATE flags SET a = 1`;
    expect(tablesNamed(sql, owners.keys())).toEqual(
      expect.arrayContaining([
        { table: 'audit_events', write: true },
        { table: 'spend_entries', write: false },
        { table: 'kpis', write: false },
        { table: 'flags', write: true },
      ]),
    );
    expect(tablesNamed(`SELECT 1 FROM spend_totals_view`, owners.keys())).toEqual([]);
  });

  it('finds no lib whose SQL names another area’s table outside the listed read models', () => {
    const crossings: string[] = [];
    for (const { area, file, source } of libSources()) {
      for (const use of tablesNamed(source, owners.keys())) {
        const owner = owners.get(use.table);
        if (owner === area) continue;
        if (use.write) {
          crossings.push(`${file} writes ${use.table} (owned by ${owner})`);
          continue;
        }
        if (SHARED_READS.has(use.table)) continue;
        if (READ_MODELS.some((m) => m.file === file && m.tables.includes(use.table))) continue;
        crossings.push(`${file} reads ${use.table} (owned by ${owner}): ask ${owner} to export the query`);
      }
    }
    expect(crossings).toEqual([]);
  });

  it('lists no read model that is no longer needed', () => {
    const sources = new Map(libSources().map((s) => [s.file, s.source]));
    const stale = READ_MODELS.flatMap((m) => m.tables.filter((t) => !tablesNamed(sources.get(m.file) ?? '', [t]).length).map((t) => `${m.file}: ${t}`));
    expect(stale).toEqual([]);
  });
});
