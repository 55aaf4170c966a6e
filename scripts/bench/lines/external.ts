import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BenchLine } from '../harness/report';
import { BUILD, ROOT, runNpmScript } from '../harness/processes';

const RESULTS = join(ROOT, 'test/bench/results');

/** The newest results file named `<prefix>-*.json` written after `since`. */
function newestResult(prefix: string, since: number): Record<string, unknown> | null {
  if (!existsSync(RESULTS)) return null;
  const files = readdirSync(RESULTS)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.json'))
    .map((f) => join(RESULTS, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files.length ? (JSON.parse(readFileSync(files[0], 'utf8')) as Record<string, unknown>) : null;
}

/**
 * CSV import of 1,000,000 rows end to end against raw COPY of the same rows: the finance area's
 * bench:import (scripts/bench/import.ts), run as it is, with its own api, worker and scratch
 * database; this reads its results file.
 */
export async function importLine(rows: number): Promise<BenchLine> {
  const since = Date.now();
  const base = { what: `CSV import, ${rows.toLocaleString('en-GB')} rows, end to end`, unit: 'rows/s', referenceWhat: 'raw COPY of the same rows', target: '>= 70% of raw COPY' };
  try {
    // As its owner runs it (it builds dist/ and starts the api and worker from there).
    await runNpmScript('bench:import', { BENCH_ROWS: String(rows) });
  } catch (error) {
    return { ...base, figure: null, reference: null, ratio: null, pass: false, notes: `bench:import failed: ${(error as Error).message}` };
  }
  const r = newestResult('import', since) as { import: { rowsPerSecondEndToEnd: number; endToEndSeconds: number }; rawCopy: { indexedRowsPerSecond: number }; ratioToRawCopy: number; meetsTarget: boolean; workerPeakRssMiB?: Record<string, number> } | null;
  if (!r) return { ...base, figure: null, reference: null, ratio: null, pass: false, notes: 'bench:import wrote no results file' };
  return {
    ...base,
    figure: r.import.rowsPerSecondEndToEnd,
    reference: r.rawCopy.indexedRowsPerSecond,
    ratio: r.ratioToRawCopy,
    pass: r.meetsTarget,
    notes: `${r.import.endToEndSeconds.toFixed(1)} s end to end; worker peak RSS ${JSON.stringify(r.workerPeakRssMiB ?? {})} MiB`,
    details: r,
  };
}

/**
 * The cost of row-level security, measured by the reliability area's scripts/bench/rls.ts
 * (measureRlsCost: the same keyed tenant read as the application role, policies applied, and as the
 * worker role, which bypasses them) on the scale database's largest organisation.
 */
export async function rlsLine(input: { appUrl: string; workerUrl: string; organisationId: string }): Promise<BenchLine> {
  const base = { what: 'row-level security on a tenant read (50 projects with KPI counts)', unit: 'ms per 1,000', referenceWhat: 'same query, RLS bypassed', target: 'reported (no target)' };
  const file = join(BUILD, 'scripts/bench/rls.js');
  if (!existsSync(file)) return { ...base, figure: null, reference: null, ratio: null, pass: null, notes: 'scripts/bench/rls.ts does not exist yet; not run' };
  // Loaded at run time: the file belongs to another area and may not be there.
  const { measureRlsCost } = require(file) as { measureRlsCost: (i: typeof input & { iterations?: number }) => Promise<{ withRlsMs: number; withoutRlsMs: number; ratio: number; rows: number }> };
  const cost = await measureRlsCost({ ...input, iterations: 2000 });
  return {
    ...base,
    figure: cost.withRlsMs / 2,
    reference: cost.withoutRlsMs / 2,
    ratio: cost.withoutRlsMs / cost.withRlsMs,
    pass: null,
    notes: `RLS costs ${((cost.ratio - 1) * 100).toFixed(0)}% on this read`,
    details: cost,
  };
}
