import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { fromPence, SpendImportRunner, toPence } from '@app/finance';
import { QUEUES } from '@app/platform';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { obliterate, startWorker, waitFor } from '@test/support/test-worker';
import { insertProject } from '@test/support/factories/portfolio';
import { ledgerStats, newKey, spendBody, totalsSum } from '@test/support/factories/finance';

const MAPPING = {
  columns: { spentOn: 'Invoice Date', amount: 'Net Amount', supplier: 'Supplier Name', reference: 'Transaction No', projectCode: 'Cost Centre', description: 'Narrative', supplierIsSme: 'SME' },
  defaults: { category: 'resource', costType: 'suppliers' },
  dateFormat: 'dd/MM/yyyy',
  skipRows: 2,
};

/**
 * A ledger extract as finance systems produce it: two preamble lines, Windows line endings, UK
 * dates, pound signs and thousands separators, quoted commas, blank lines, a Windows-1252 "é",
 * two identical invoices, and one malformed row (a date that does not exist) on line 8.
 */
function messyExtract(code: string): Buffer {
  const lines = [
    'Council Ledger Extract,,,,,,',
    'Period: April to June,,,,,,',
    'Invoice Date,Cost Centre,Supplier Name,Net Amount,Transaction No,Narrative,SME',
    `01/04/2026,${code},"Acme, Digital Ltd","£1,234.50",T-1,"Discovery, sprint 1",Yes`,
    `02/04/2026,${code},Caf\u00e9 Research,£250.00,T-2,Interviews,no`,
    '',
    `03/04/2026,${code},Hosting Co,99.9,T-3,Hosting,`,
    `32/13/2026,${code},Broken Row Ltd,10.00,T-4,Bad date,`,
    `04/04/2026,${code},Same Invoice Ltd,100.00,T-5,Twice,`,
    `04/04/2026,${code},Same Invoice Ltd,100.00,T-5,Twice,`,
    ',,,,,,',
  ];
  return iconvEncode(lines.join('\r\n') + '\r\n');
}

/** Encodes as Windows-1252 (every character used here is in Latin-1). */
const iconvEncode = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('CSV spend imports', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let project: { id: string; code: string };
  let otherProjectId: string;

  beforeAll(async () => {
    ctx = await TestContext.start({ uploadLimitBytes: 3 * 1024 * 1024, outboxPollMs: 100 });
    worker = await startWorker(ctx.config);
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['finance:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    project = await insertProject(ctx.db, org.id, { code: `IMP-${Date.now()}` });
    otherProjectId = (await insertProject(ctx.db, other.id)).id;
  });
  afterAll(async () => {
    await obliterate(worker, [QUEUES.imports]);
    await worker.close();
    await ctx.close();
  });

  const upload = (file: Buffer, options: { mode?: string; mapping?: unknown; token?: string; name?: string } = {}) => {
    const req = ctx.as(options.token ?? writer).post('/v1/spend/imports');
    if (options.mode) req.field('mode', options.mode);
    if (options.mapping !== null) req.field('mapping', typeof options.mapping === 'string' ? options.mapping : JSON.stringify(options.mapping ?? MAPPING));
    return req.attach('file', file, options.name ?? 'ledger.csv');
  };

  const finished = (id: string) =>
    waitFor(async () => {
      const res = await ctx.as(reader).get(`/v1/spend/imports/${id}`).expect(200);
      return ['completed', 'completed_with_errors', 'nothing_imported', 'failed'].includes(res.body.status) ? res.body : null;
    }, 20_000);

  it('atomic mode stores nothing when a row is malformed, and reports it by line number', async () => {
    const before = await ledgerStats(ctx.db, org.id);
    const accepted = await upload(messyExtract(project.code), { mode: 'atomic' }).expect(202);
    expect(accepted.body).toMatchObject({ status: 'queued', mode: 'atomic', encoding: 'windows-1252', fileName: 'ledger.csv' });
    const result = await finished(accepted.body.id);
    expect(result).toMatchObject({ status: 'failed', importedRows: 0, rejectedRows: 1, totalRows: 6 });
    expect(result.errors).toEqual([{ line: 8, kind: 'rejected', message: expect.stringContaining('32/13/2026') }]);
    expect(result.errorsOmitted).toBe(0);
    expect(await ledgerStats(ctx.db, org.id)).toEqual(before);
    // The file stays stored, so the import can be re-run with another mapping.
    const chunks = await ctx.db.query(`SELECT count(*)::int AS n FROM spend_import_chunks WHERE import_id = $1`, [accepted.body.id]);
    expect(chunks.rows[0].n).toBe(1);
  });

  it('partial mode stores the valid rows, reports the malformed one and the repeated invoice as a duplicate', async () => {
    const before = await ledgerStats(ctx.db, org.id);
    // The same file again is accepted: the atomic attempt failed and stored nothing.
    const accepted = await upload(messyExtract(project.code), { mode: 'partial' }).expect(202);
    const result = await finished(accepted.body.id);
    expect(result).toMatchObject({ status: 'completed_with_errors', totalRows: 6, processedRows: 6, importedRows: 4, rejectedRows: 1, duplicateRows: 1 });
    expect(result.errors).toEqual([
      { line: 8, kind: 'rejected', message: expect.stringContaining('not a date') },
      { line: 10, kind: 'duplicate', message: expect.stringContaining('already holds'), entryId: expect.any(String) },
    ]);
    const rows = await ctx.db.query(
      `SELECT spent_on::text, supplier, amount::text, reference, description, supplier_is_sme, source, financial_year FROM spend_entries WHERE import_id = $1 ORDER BY reference, spent_on`,
      [accepted.body.id],
    );
    expect(rows.rows).toEqual([
      { spent_on: '2026-04-01', supplier: 'Acme, Digital Ltd', amount: '1234.50', reference: 'T-1', description: 'Discovery, sprint 1', supplier_is_sme: true, source: 'import', financial_year: '2026-27' },
      { spent_on: '2026-04-02', supplier: 'Café Research', amount: '250.00', reference: 'T-2', description: 'Interviews', supplier_is_sme: false, source: 'import', financial_year: '2026-27' },
      { spent_on: '2026-04-03', supplier: 'Hosting Co', amount: '99.90', reference: 'T-3', description: 'Hosting', supplier_is_sme: false, source: 'import', financial_year: '2026-27' },
      { spent_on: '2026-04-04', supplier: 'Same Invoice Ltd', amount: '100.00', reference: 'T-5', description: 'Twice', supplier_is_sme: false, source: 'import', financial_year: '2026-27' },
    ]);
    const kept = await ctx.db.query(`SELECT id FROM spend_entries WHERE import_id = $1 AND reference = 'T-5'`, [accepted.body.id]);
    expect(result.errors[1].entryId).toBe(kept.rows[0].id);
    const after = await ledgerStats(ctx.db, org.id);
    expect(fromPence(toPence(after.total) - toPence(before.total))).toBe('1684.40');
    expect(await totalsSum(ctx.db, org.id)).toEqual(after);
    const listed = await ctx.as(reader).get('/v1/spend').query({ importId: accepted.body.id }).expect(200);
    expect(listed.body.data).toHaveLength(4);

    // The same file a third time is answered with this import and counted once.
    const again = await upload(messyExtract(project.code), { mode: 'partial' }).expect(200);
    expect(again.body.id).toBe(accepted.body.id);
    expect(await ledgerStats(ctx.db, org.id)).toEqual(after);
  });

  it('reads UTF-8 with a byte order mark, ISO dates and a fixed project', async () => {
    const csv = '\ufeffDate,Amount,Supplier\n2026-05-01,"1,000.00",Zoë Consulting\n2026-05-02,12,Plain Ltd\n';
    const accepted = await upload(Buffer.from(csv, 'utf8'), {
      mapping: { columns: { spentOn: 'Date', amount: 'Amount', supplier: 'Supplier' }, defaults: { projectId: project.id, costType: 'contractors' } },
    }).expect(202);
    expect(accepted.body.encoding).toBe('utf-8');
    const result = await finished(accepted.body.id);
    expect(result).toMatchObject({ status: 'completed', importedRows: 2, rejectedRows: 0, duplicateRows: 0 });
    const rows = await ctx.db.query(`SELECT supplier, cost_type, category FROM spend_entries WHERE import_id = $1 ORDER BY spent_on`, [accepted.body.id]);
    expect(rows.rows).toEqual([
      { supplier: 'Zoë Consulting', cost_type: 'contractors', category: 'resource' },
      { supplier: 'Plain Ltd', cost_type: 'contractors', category: 'resource' },
    ]);
  });

  it('writes a file without duplicates straight to the ledger, its running totals exactly its rows by project, year and category', async () => {
    const projects = [await insertProject(ctx.db, org.id, { code: `DIR-A-${Date.now()}` }), await insertProject(ctx.db, org.id, { code: `DIR-B-${Date.now()}` })];
    const pad2 = (n: number) => String(n).padStart(2, '0');
    const lines = ['Invoice Date,Cost Centre,Supplier Name,Net Amount,Transaction No,Narrative,SME,Category'];
    for (let i = 0; i < 60; i++) {
      const pence = 101 + i * 12_347;
      // March and April (two financial years), two projects, both categories, SMEs among them.
      lines.push(`${pad2((i % 28) + 1)}/${i % 2 ? '03' : '04'}/2026,${projects[(i >> 1) % 2].code},Direct ${i % 4},${Math.floor(pence / 100)}.${pad2(pence % 100)},D-${i},Row ${i},${i % 5 < 2 ? 'Yes' : 'No'},${i % 3 ? 'resource' : 'capital'}`);
    }
    const mapping = { ...MAPPING, columns: { ...MAPPING.columns, category: 'Category' }, skipRows: 0 };
    const accepted = await upload(Buffer.from(lines.join('\n') + '\n'), { mapping }).expect(202);
    expect(await finished(accepted.body.id)).toMatchObject({ status: 'completed', totalRows: 60, importedRows: 60, rejectedRows: 0, duplicateRows: 0 });

    const ids = projects.map((p) => p.id);
    const totals = await ctx.db.query(
      `SELECT project_id, financial_year, category, total::text, sme_total::text, entry_count::int FROM spend_totals WHERE organisation_id = $1 AND project_id = ANY($2) ORDER BY 1, 2, 3`,
      [org.id, ids],
    );
    const fromRows = await ctx.db.query(
      `SELECT project_id, financial_year, category, sum(amount)::text AS total, coalesce(sum(amount) FILTER (WHERE supplier_is_sme), 0)::numeric(14,2)::text AS sme_total, count(*)::int AS entry_count
         FROM spend_entries WHERE organisation_id = $1 AND project_id = ANY($2) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [org.id, ids],
    );
    expect(totals.rows).toHaveLength(8);
    expect(totals.rows).toEqual(fromRows.rows);
    const claimed = await ctx.db.query(
      `SELECT count(*)::int AS n FROM spend_entries e JOIN spend_fingerprints f ON f.organisation_id = e.organisation_id AND f.fingerprint = e.fingerprint AND f.entry_id = e.id WHERE e.import_id = $1`,
      [accepted.body.id],
    );
    expect(claimed.rows[0].n).toBe(60);
  });

  it('fails an import whose mapped column is missing from the header, naming it', async () => {
    const accepted = await upload(Buffer.from('Date,Value,Supplier\n2026-05-01,1.00,A\n'), {
      mapping: { columns: { spentOn: 'Date', amount: 'Amount', supplier: 'Supplier' }, defaults: { projectId: project.id } },
    }).expect(202);
    const result = await finished(accepted.body.id);
    expect(result).toMatchObject({ status: 'failed', importedRows: 0 });
    expect(result.failureReason).toContain('"Amount"');
  });

  it('validates the upload (400 naming the field), needs the scope (403) and refuses too much (413)', async () => {
    const chunksBefore = (await ctx.db.query(`SELECT count(*)::int AS n FROM spend_import_chunks`)).rows[0].n;
    const file = Buffer.from('Date,Amount\n');
    expect(expectProblem(await upload(file, { mapping: null }), 400).errors?.[0].field).toBe('mapping');
    expect(expectProblem(await upload(file, { mapping: '{not json' }), 400).errors?.[0].field).toBe('mapping');
    expect(expectProblem(await upload(file, { mapping: { columns: { spentOn: 'Date' }, defaults: { projectId: project.id, supplier: 'A' } } }), 400).errors?.map((e) => e.field)).toEqual(['mapping.columns.amount']);
    expect(expectProblem(await upload(file, { mode: 'sometimes' }), 400).errors?.[0].field).toBe('mode');
    expect(expectProblem(await upload(Buffer.alloc(0)), 400).errors?.[0].field).toBe('file');
    expect(expectProblem(await ctx.as(writer).post('/v1/spend/imports').field('mapping', JSON.stringify(MAPPING)), 400).errors?.[0].field).toBe('file');
    expectProblem(await ctx.as(writer).post('/v1/spend/imports').send({ mapping: MAPPING }), 415);
    expectProblem(await upload(file, { token: reader }), 403);
    expectProblem(await ctx.as(writer).get(`/v1/spend/imports/${randomUuid()}`), 403);

    const tooBig = expectProblem(await upload(Buffer.alloc(3 * 1024 * 1024 + 10, 'a')), 413);
    expect(tooBig.code).toBe('file_too_large');
    const tooManyRows = expectProblem(await upload(Buffer.alloc(2_000_010, '\n')), 413);
    expect(tooManyRows.code).toBe('too_many_rows');
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM spend_import_chunks`);
    expect(rows[0].n).toBe(chunksBefore);
  });

  it('hides other organisations: their project as default (404) and their imports (404)', async () => {
    const before = await ctx.db.query(`SELECT count(*)::int AS n FROM spend_imports`);
    const mapping = { columns: { spentOn: 'Date', amount: 'Amount' }, defaults: { projectId: otherProjectId, supplier: 'A' } };
    const foreign = expectProblem(await upload(Buffer.from('Date,Amount\n2026-05-01,1.00\n'), { mapping }), 404);
    const random = expectProblem(await upload(Buffer.from('Date,Amount\n2026-05-01,1.00\n'), { mapping: { ...mapping, defaults: { projectId: randomUUID(), supplier: 'A' } } }), 404);
    expect(foreign.detail).toBe(random.detail);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM spend_imports`)).rows[0].n).toBe(before.rows[0].n);
    const mine = await upload(Buffer.from(`Date,Amount\n2026-06-01,3.00\n`), { mapping: { columns: { spentOn: 'Date', amount: 'Amount' }, defaults: { projectId: project.id, supplier: 'A' } } }).expect(202);
    const outsider = await ctx.token(other, ['portfolio:read']);
    const theirs = expectProblem(await ctx.as(outsider).get(`/v1/spend/imports/${mine.body.id}`), 404);
    expect(theirs.detail).toBe(expectProblem(await ctx.as(outsider).get(`/v1/spend/imports/${randomUuid()}`), 404).detail);
    expectProblem(await ctx.as(reader).get('/v1/spend/imports/not-a-uuid'), 400);
    await finished(mine.body.id);
  });

  it('imports once when the job runs twice at the same time (a retry after a worker crash)', async () => {
    const importId = randomUUID();
    const csv = Buffer.from(`Date,Amount\n2026-07-01,5.00\n2026-07-02,6.00\n`);
    // Arranged without the outbox, so only this test's two runs process it.
    await ctx.db.query(
      `INSERT INTO spend_imports (id, organisation_id, checksum, encoding, size_bytes, mapping) VALUES ($1, $2, $3, 'utf-8', $4, $5)`,
      [importId, org.id, importId.replace(/-/g, ''), csv.length, JSON.stringify({ columns: { spentOn: 'Date', amount: 'Amount' }, defaults: { projectId: project.id, supplier: 'Retry Ltd' }, dateFormat: 'yyyy-MM-dd', skipRows: 0 })],
    );
    await ctx.db.query(`INSERT INTO spend_import_chunks (organisation_id, import_id, seq, data) VALUES ($1, $2, 0, $3)`, [org.id, importId, csv]);
    const runner = worker.get(SpendImportRunner, { strict: false });
    const outcomes = await Promise.all([runner.run(importId, org.id), runner.run(importId, org.id)]);
    expect(outcomes.sort()).toEqual(['completed', 'skipped']);
    expect(await runner.run(importId, org.id)).toBe('skipped');
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n, sum(amount)::text AS total FROM spend_entries WHERE import_id = $1`, [importId]);
    expect(rows[0]).toEqual({ n: 2, total: '11.00' });
    expect(await totalsSum(ctx.db, org.id)).toEqual(await ledgerStats(ctx.db, org.id));
  });

  it('keeps the ledger equal to the sum of accepted requests across retries, reversals, batches and imports', async () => {
    const mixed = await ctx.newOrganisation();
    const token = await ctx.token(mixed, ['finance:write', 'portfolio:read']);
    const p = await insertProject(ctx.db, mixed.id, { code: `MIX-${Date.now()}` });
    let expected = 0n;
    const accept = (amount: string) => (expected += toPence(amount));

    const key = newKey();
    for (let i = 0; i < 3; i++) await ctx.as(token).post('/v1/spend').set('Idempotency-Key', key).send(spendBody(p.id, { amount: '100.10' })).expect(201);
    accept('100.10');
    const concurrent = newKey();
    await Promise.all(Array.from({ length: 10 }, () => ctx.as(token).post('/v1/spend').set('Idempotency-Key', concurrent).send(spendBody(p.id, { amount: '0.07' }))));
    accept('0.07');
    const ext = await ctx.as(token).post('/v1/spend').set('Idempotency-Key', newKey()).send(spendBody(p.id, { amount: '55.55', externalId: 'MIX-1' })).expect(201);
    accept('55.55');
    await ctx.as(token).post('/v1/spend').set('Idempotency-Key', newKey()).send(spendBody(p.id, { amount: '55.55', externalId: 'MIX-1' })).expect(200);
    await ctx.as(token).post('/v1/spend').set('Idempotency-Key', newKey()).send(spendBody(p.id, { amount: '66.00', externalId: 'MIX-1' })).expect(409);

    const batchKey = newKey();
    const items = [spendBody(p.id, { amount: '10.00' }), spendBody(p.id, { amount: '20.01', externalId: 'MIX-1' }), spendBody(p.id, { amount: '1.5x' }), spendBody(p.id, { amount: '30.03' })];
    const batch = await ctx.as(token).post('/v1/spend/batch').set('Idempotency-Key', batchKey).send({ items }).expect(200);
    for (const r of batch.body.results) if (r.result === 'created') accept(r.entry.amount);
    await ctx.as(token).post('/v1/spend/batch').set('Idempotency-Key', batchKey).send({ items }).expect(200);

    for (const id of [ext.body.id, batch.body.results[0].entry.id]) {
      const reversal = await ctx.as(token).post(`/v1/spend/${id}/reversal`).set('Idempotency-Key', `rev-${id}`).send({ reason: 'mistake' }).expect(201);
      await ctx.as(token).post(`/v1/spend/${id}/reversal`).set('Idempotency-Key', `rev-${id}`).send({ reason: 'mistake' }).expect(201);
      accept(reversal.body.amount);
    }

    const accepted = await ctx.as(token).post('/v1/spend/imports').field('mode', 'partial').field('mapping', JSON.stringify(MAPPING)).attach('file', messyExtract(p.code), 'mixed.csv').expect(202);
    const done = await waitFor(async () => {
      const res = await ctx.as(token).get(`/v1/spend/imports/${accepted.body.id}`).expect(200);
      return res.body.status === 'completed_with_errors' ? res.body : null;
    }, 20_000);
    const imported = await ctx.as(token).get('/v1/spend').query({ importId: accepted.body.id }).expect(200);
    expect(imported.body.data).toHaveLength(done.importedRows);
    for (const e of imported.body.data) accept(e.amount);

    const ledger = await ledgerStats(ctx.db, mixed.id);
    expect(ledger.total).toBe(fromPence(expected));
    expect(await totalsSum(ctx.db, mixed.id)).toEqual(ledger);
    const summary = await ctx.as(token).get('/v1/finance/summary').query({ financialYear: '2026-27' }).expect(200);
    expect(summary.body.projects[0].spent).toBe(fromPence(expected));
  });
});
