import { INestApplicationContext } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { fromPence, toPence } from '@app/finance';
import { QUEUES } from '@app/platform';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { obliterate, startWorker, waitFor } from '@test/support/test-worker';
import { insertProject } from '@test/support/factories/portfolio';
import { ledgerStats, totalsSum } from '@test/support/factories/finance';
import { EXTRACT_MAPPING, extractFile, extractRows } from '@test/support/factories/finance-imports';

const FINISHED = ['completed', 'completed_with_errors', 'nothing_imported', 'failed', 'undone'];

/**
 * Ledger integrity as a finance officer meets it: the same extract re-saved never counts twice, an
 * overlapping month imports only its new rows, an import can be undone exactly and re-run, and a
 * refused request stores nothing.
 */
describe('spend import integrity', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let org: TestOrg;
  let writer: string;
  let reader: string;

  beforeAll(async () => {
    ctx = await TestContext.start({ outboxPollMs: 100 });
    worker = await startWorker(ctx.config);
    org = await ctx.newOrganisation();
    writer = await ctx.token(org, ['finance:write', 'portfolio:read']);
    reader = await ctx.token(org, ['portfolio:read']);
  });
  afterAll(async () => {
    await obliterate(worker, [QUEUES.imports]);
    await worker.close();
    await ctx.close();
  });

  const upload = (file: Buffer, options: { mapping?: unknown; mode?: string; allowDuplicates?: boolean; token?: string; name?: string } = {}) => {
    const req = ctx.as(options.token ?? writer).post('/v1/spend/imports').field('mode', options.mode ?? 'partial');
    if (options.allowDuplicates) req.field('allowDuplicates', 'true');
    return req.field('mapping', JSON.stringify(options.mapping ?? EXTRACT_MAPPING)).attach('file', file, options.name ?? 'payments.csv');
  };
  const finished = (id: string, token = reader) =>
    waitFor(async () => {
      const res = await ctx.as(token).get(`/v1/spend/imports/${id}`).expect(200);
      return FINISHED.includes(res.body.status) ? res.body : null;
    }, 30_000);
  const imported = async (file: Buffer, options: Parameters<typeof upload>[1] = {}) => finished((await upload(file, options).expect(202)).body.id, options.token ?? reader);
  const newProject = async (o = org) => insertProject(ctx.db, o.id, { code: `INT-${randomUuid().slice(0, 8)}` });

  it('imports zero new rows from the same extract saved with CRLF, in Windows-1252 and with its columns reordered', async () => {
    const project = await newProject();
    const rows = extractRows(project.code, 1, 30);
    const first = await imported(extractFile(rows));
    expect(first).toMatchObject({ status: 'completed', importedRows: 30, duplicateRows: 0 });
    const after = await ledgerStats(ctx.db, org.id);

    const resaved = [
      extractFile(rows, { eol: '\r\n' }),
      extractFile(rows, { encoding: 'windows-1252', eol: '\r\n' }),
      extractFile(rows, { columns: ['Supplier', 'Amount', 'Description', 'Payment Date', 'Transaction Number', 'Cost Centre'] }),
    ];
    for (const file of resaved) {
      const again = await imported(file);
      expect(again).toMatchObject({ status: 'nothing_imported', totalRows: 30, importedRows: 0, rejectedRows: 0, duplicateRows: 30, errorsOmitted: 0 });
      expect(again.errors[0]).toMatchObject({ kind: 'duplicate', line: 2, entryId: expect.any(String) });
      expect(await ledgerStats(ctx.db, org.id)).toEqual(after);
    }
    expect(resaved[1].equals(resaved[0])).toBe(false);
    // Each duplicate names the entry it matches, and the whole list pages.
    const firstEntry = await ctx.db.query(`SELECT id FROM spend_entries WHERE import_id = $1 AND reference = 'TX-1001'`, [first.id]);
    const list = await ctx.as(reader).get('/v1/spend/imports').query({ status: 'nothing_imported', limit: 2 }).expect(200);
    expect(list.body.data).toHaveLength(2);
    const page1 = await ctx.as(reader).get(`/v1/spend/imports/${list.body.data[0].id}/issues`).query({ limit: 20 }).expect(200);
    const page2 = await ctx.as(reader).get(`/v1/spend/imports/${list.body.data[0].id}/issues`).query({ limit: 20, cursor: page1.body.nextCursor }).expect(200);
    expect([...page1.body.data, ...page2.body.data].map((i: { line: number }) => i.line)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    expect(page1.body.data[0]).toMatchObject({ kind: 'duplicate', entryId: firstEntry.rows[0].id });
    expect(page2.body.nextCursor).toBeNull();
    expect(await totalsSum(ctx.db, org.id)).toEqual(after);
  });

  it('imports only the new rows of an overlapping next-month file', async () => {
    const project = await newProject();
    // Content, not the project, identifies a payment: each test here uses its own rows.
    await imported(extractFile(extractRows(project.code, 1001, 1020)));
    const before = await ledgerStats(ctx.db, org.id);
    const next = await imported(extractFile(extractRows(project.code, 1015, 1032), { eol: '\r\n' }));
    expect(next).toMatchObject({ status: 'completed', totalRows: 18, importedRows: 12, duplicateRows: 6 });
    const added = await ctx.db.query(`SELECT reference FROM spend_entries WHERE import_id = $1 ORDER BY reference`, [next.id]);
    expect(added.rows.map((r) => r.reference)).toEqual(Array.from({ length: 12 }, (_, i) => `TX-${2021 + i}`));
    const expected = extractRows(project.code, 1021, 1032).reduce((sum, r) => sum + toPence(r.amount.replace(/[£,]/g, '')), 0n);
    expect(toPence((await ledgerStats(ctx.db, org.id)).total) - toPence(before.total)).toBe(expected);
  });

  it('undoes an import in one audited action that restores every total exactly, then lets its rows be imported again', async () => {
    const tenant = await ctx.newOrganisation();
    const token = await ctx.token(tenant, ['finance:write', 'portfolio:read']);
    const project = await newProject(tenant);
    await imported(extractFile(extractRows(project.code, 100, 110)), { token });
    const snapshot = async () => ({
      summary: (await ctx.as(token).get('/v1/finance/summary').query({ financialYear: '2026-27' }).expect(200)).body,
      totals: (await ctx.db.query(`SELECT project_id, financial_year, category, total::text, sme_total::text FROM spend_totals WHERE organisation_id = $1 ORDER BY 1, 2, 3`, [tenant.id])).rows,
      csv: csvTotal((await ctx.as(token).get('/v1/spend.csv').query({ from: '2026-01-01', to: '2026-12-31' }).expect(200)).text),
    });
    const before = await snapshot();

    const target = await imported(extractFile(extractRows(project.code, 1, 40)), { token });
    expect(target.importedRows).toBe(40);
    expect((await snapshot()).csv).not.toBe(before.csv);

    const undo = await ctx.as(token).post(`/v1/spend/imports/${target.id}/undo`).send({ reason: 'mapped to the wrong cost centre' }).expect(202);
    expect(undo.body.status).toBe('undoing');
    const undone = await finished(target.id, token);
    expect(undone).toMatchObject({ status: 'undone', reversedRows: 40, undoReason: 'mapped to the wrong cost centre', undoneAt: expect.any(String) });
    expect(await snapshot()).toEqual(before);
    expect(await totalsSum(ctx.db, tenant.id)).toEqual(await ledgerStats(ctx.db, tenant.id));
    const reversals = await ctx.db.query(`SELECT count(*)::int AS n FROM spend_entries WHERE import_id = $1 AND reverses_id IS NOT NULL`, [target.id]);
    expect(reversals.rows[0].n).toBe(40);
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [target.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['spend_import.queued', 'spend_import.completed', 'spend_import.undo_requested', 'spend_import.undone']);
    // Asking again answers the import as it is; an undone import cannot be undone twice.
    expect((await ctx.as(token).post(`/v1/spend/imports/${target.id}/undo`).send({ reason: 'again' }).expect(200)).body.status).toBe('undone');

    // Undoing released the rows' fingerprints: the same file imports again, and so does a re-run of the stored file.
    const again = await imported(extractFile(extractRows(project.code, 1, 40)), { token });
    expect(again).toMatchObject({ status: 'completed', importedRows: 40, duplicateRows: 0 });
    const rerun = await ctx.as(token).post(`/v1/spend/imports/${target.id}/rerun`).send({ mapping: { ...EXTRACT_MAPPING, defaults: { category: 'capital', costType: 'suppliers' } }, mode: 'partial' }).expect(202);
    expect(rerun.body).toMatchObject({ status: 'queued', rerunOfId: target.id, fileName: 'payments.csv' });
    expect(await finished(rerun.body.id, token)).toMatchObject({ status: 'nothing_imported', duplicateRows: 40 });
  });

  it('re-runs a stored file with a corrected mapping, and offers the last mapping for a file of the same shape', async () => {
    const project = await newProject();
    const rows = extractRows(project.code, 200, 205);
    const wrong = { ...EXTRACT_MAPPING, dateFormat: 'MM/dd/yyyy' };
    const failed = await imported(extractFile(rows), { mapping: wrong, mode: 'atomic' });
    expect(failed).toMatchObject({ status: 'failed', importedRows: 0 });
    const rerun = await ctx.as(writer).post(`/v1/spend/imports/${failed.id}/rerun`).send({ mapping: EXTRACT_MAPPING }).expect(202);
    expect(await finished(rerun.body.id)).toMatchObject({ status: 'completed', importedRows: 6 });
    // The same file and mapping again is answered with that import; another mapping is a new import.
    expect((await ctx.as(writer).post(`/v1/spend/imports/${failed.id}/rerun`).send({ mapping: EXTRACT_MAPPING }).expect(200)).body.id).toBe(rerun.body.id);

    const offered = await ctx.as(reader).get('/v1/spend/imports/last-mapping').query({ header: 'Transaction Number,supplier, Amount ,Payment Date,Description,Cost Centre' }).expect(200);
    expect(offered.body).toMatchObject({ importId: rerun.body.id, mapping: { ...EXTRACT_MAPPING, skipRows: 0 } });
    expectProblem(await ctx.as(reader).get('/v1/spend/imports/last-mapping').query({ header: 'Something,Else' }), 404);
    expectProblem(await ctx.as(reader).get('/v1/spend/imports/last-mapping'), 400);
    expectProblem(await ctx.as(writer).post(`/v1/spend/imports/${failed.id}/rerun`).send({ mapping: { columns: {} } }), 400);
  });

  it('lists imports with filters, newest first', async () => {
    const project = await newProject();
    const mine = await imported(extractFile(extractRows(project.code, 300, 301)), { name: 'march-ledger.csv' });
    const listed = await ctx.as(reader).get('/v1/spend/imports').query({ fileName: 'MARCH', status: 'completed' }).expect(200);
    expect(listed.body.data.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    const all = await ctx.as(reader).get('/v1/spend/imports').query({ from: '2000-01-01', limit: 200 }).expect(200);
    const times = all.body.data.map((i: { createdAt: string }) => i.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(expectProblem(await ctx.as(reader).get('/v1/spend/imports').query({ status: 'finished-ish' }), 400).errors?.[0].field).toBe('status');
  });

  it('stores nothing for a request with two files or with a field after the file', async () => {
    const project = await newProject();
    const count = async () =>
      (await ctx.db.query(
        `SELECT (SELECT count(*) FROM spend_imports WHERE organisation_id = $1)::int AS imports, (SELECT count(*) FROM spend_import_chunks WHERE organisation_id = $1)::int AS chunks,
                (SELECT count(*) FROM spend_entries WHERE organisation_id = $1)::int AS entries`,
        [org.id],
      )).rows[0];
    const before = await count();
    const file = extractFile(extractRows(project.code, 400, 405));
    const twoFiles = await ctx.as(writer).post('/v1/spend/imports').field('mapping', JSON.stringify(EXTRACT_MAPPING)).attach('file', file, 'a.csv').attach('file', file, 'b.csv');
    expect(expectProblem(twoFiles, 400).errors?.[0].field).toBe('file');
    const fieldAfter = await ctx.as(writer).post('/v1/spend/imports').field('mapping', JSON.stringify(EXTRACT_MAPPING)).attach('file', file, 'a.csv').field('comment', 'hello');
    expect(expectProblem(fieldAfter, 400).errors?.[0].field).toBe('comment');
    const modeAfter = await ctx.as(writer).post('/v1/spend/imports').field('mapping', JSON.stringify(EXTRACT_MAPPING)).attach('file', file, 'a.csv').field('mode', 'partial');
    expect(expectProblem(modeAfter, 400).errors?.[0].field).toBe('mode');
    expect(expectProblem(await upload(file, { mapping: EXTRACT_MAPPING }).field('allowDuplicates', 'maybe'), 400).errors?.[0].field).toBe('allowDuplicates');
    await new Promise((r) => setTimeout(r, 500));
    expect(await count()).toEqual(before);
  });

  it('imports rows the ledger already holds only with allowDuplicates, audited', async () => {
    const project = await newProject();
    const file = extractFile(extractRows(project.code, 500, 503));
    await imported(file);
    const forced = await imported(file, { allowDuplicates: true });
    expect(forced).toMatchObject({ status: 'completed', importedRows: 4, duplicateRows: 4, allowDuplicates: true });
    expect(forced.errors[0].message).toContain('imported anyway');
    const audit = await ctx.db.query(`SELECT after FROM audit_events WHERE entity_id = $1 AND action = 'spend_import.completed'`, [forced.id]);
    expect(audit.rows[0].after).toMatchObject({ allowDuplicates: true, duplicateRows: 4, importedRows: 4 });
  });

  it('fails once with the true reason for a NUL byte in the header or a UTF-16 file, and never says completed when nothing was imported', async () => {
    const project = await newProject();
    const nul = await imported(Buffer.concat([Buffer.from('Payment Date,Amo'), Buffer.from([0]), Buffer.from(`unt,Supplier\n01/05/2026,1.00,A\n`)]), { mapping: { ...EXTRACT_MAPPING, columns: { spentOn: 'Payment Date', amount: 'Amount', supplier: 'Supplier' }, defaults: { projectId: project.id } } });
    expect(nul).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('NUL') });
    const utf16 = await imported(Buffer.from(`\ufeffPayment Date,Amount,Supplier\r\n01/05/2026,1.00,A\r\n`, 'utf16le'), { mapping: { ...EXTRACT_MAPPING, columns: { spentOn: 'Payment Date', amount: 'Amount', supplier: 'Supplier' }, defaults: { projectId: project.id } } });
    expect(utf16).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('UTF-16') });
    const attempts = await ctx.db.query(`SELECT attempts FROM spend_imports WHERE id = ANY($1::uuid[])`, [[nul.id, utf16.id]]);
    expect(attempts.rows.map((r) => r.attempts)).toEqual([1, 1]);

    const allBad = await imported(Buffer.from(`Payment Date,Amount,Supplier\n99/99/2026,1.00,A\n01/05/1999,2.00,B\n`), { mapping: { ...EXTRACT_MAPPING, columns: { spentOn: 'Payment Date', amount: 'Amount', supplier: 'Supplier' }, defaults: { projectId: project.id } } });
    expect(allBad).toMatchObject({ status: 'nothing_imported', importedRows: 0, rejectedRows: 2 });
    expect(allBad.errors[1].message).toContain('outside the accepted window');
  });

  it('says how many rejected rows the import itself leaves out, and pages through all of them', async () => {
    const project = await newProject();
    const lines = ['Payment Date,Amount,Supplier', ...Array.from({ length: 150 }, (_, i) => `not-a-date,${i + 1}.00,Bad ${i}`), '01/05/2026,1.00,Good Ltd'];
    const result = await imported(Buffer.from(lines.join('\n')), { mapping: { ...EXTRACT_MAPPING, columns: { spentOn: 'Payment Date', amount: 'Amount', supplier: 'Supplier' }, defaults: { projectId: project.id } } });
    expect(result).toMatchObject({ status: 'completed_with_errors', importedRows: 1, rejectedRows: 150, errorsOmitted: 50 });
    expect(result.errors).toHaveLength(100);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await ctx.as(reader).get(`/v1/spend/imports/${result.id}/issues`).query({ limit: 200, ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...page.body.data.map((i: { line: number }) => i.line));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 150 }, (_, i) => i + 2));
  });

  it('needs the scopes (403) and hides other organisations\' imports (404, like a random id)', async () => {
    const outsider = await ctx.newOrganisation();
    const theirToken = await ctx.token(outsider, ['finance:write', 'portfolio:read']);
    const project = await newProject();
    const mine = await imported(extractFile(extractRows(project.code, 600, 601)));
    expectProblem(await ctx.as(reader).post(`/v1/spend/imports/${mine.id}/undo`).send({ reason: 'x' }), 403);
    expectProblem(await ctx.as(reader).post(`/v1/spend/imports/${mine.id}/rerun`).send({ mapping: EXTRACT_MAPPING }), 403);
    expect(expectProblem(await ctx.as(writer).post(`/v1/spend/imports/${mine.id}/undo`).send({}), 400).errors?.[0].field).toBe('reason');
    for (const path of ['', '/issues']) {
      const theirs = expectProblem(await ctx.as(theirToken).get(`/v1/spend/imports/${mine.id}${path}`), 404);
      expect(theirs.detail).toBe(expectProblem(await ctx.as(theirToken).get(`/v1/spend/imports/${randomUuid()}${path}`), 404).detail);
    }
    const undoTheirs = expectProblem(await ctx.as(theirToken).post(`/v1/spend/imports/${mine.id}/undo`).send({ reason: 'x' }), 404);
    expect(undoTheirs.detail).toBe(expectProblem(await ctx.as(theirToken).post(`/v1/spend/imports/${randomUuid()}/undo`).send({ reason: 'x' }), 404).detail);
    expectProblem(await ctx.as(theirToken).post(`/v1/spend/imports/${mine.id}/rerun`).send({ mapping: EXTRACT_MAPPING }), 404);
    expect((await ctx.as(theirToken).get('/v1/spend/imports').expect(200)).body.data).toEqual([]);
    // An import that wrote nothing has nothing to undo.
    const failed = await imported(Buffer.from('Nothing,Here\n1,2\n'));
    expect(expectProblem(await ctx.as(writer).post(`/v1/spend/imports/${failed.id}/undo`).send({ reason: 'x' }), 409).code).toBe('import_not_undoable');
  });
});

/** The sum of the amount column of a spend CSV export, exactly. */
function csvTotal(text: string): string {
  const rows = parse(text, { columns: true }) as { amount: string }[];
  return fromPence(rows.reduce((sum, r) => sum + toPence(r.amount), 0n));
}
