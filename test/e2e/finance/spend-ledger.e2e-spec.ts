import { Client } from 'pg';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { appUrl } from '@test/support/test-db';
import { insertProject } from '@test/support/factories/portfolio';
import { ledgerStats, newKey, spendBody, totalsSum } from '@test/support/factories/finance';

describe('spend ledger: entries, idempotency and reversals', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let projectId: string;
  let otherProjectId: string;

  beforeAll(async () => {
    ctx = await TestContext.start({ databasePoolSize: 20 });
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['finance:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    projectId = (await insertProject(ctx.db, org.id)).id;
    otherProjectId = (await insertProject(ctx.db, other.id)).id;
  });
  afterAll(() => ctx.close());

  const post = (body: Record<string, unknown>, key: string | null = newKey(), token = writer) => {
    const req = ctx.as(token).post('/v1/spend').send(body);
    return key === null ? req : req.set('Idempotency-Key', key);
  };

  it('records an entry with exact money and its financial year (201)', async () => {
    const res = await post(spendBody(projectId, { amount: '0.1', spentOn: '2026-03-31' })).expect(201);
    expect(res.body).toMatchObject({ projectId, amount: '0.10', currency: 'GBP', financialYear: '2025-26', spentOn: '2026-03-31', source: 'api', result: 'created', supplierIsSme: true });
    const read = await ctx.as(reader).get(`/v1/spend/${res.body.id}`).expect(200);
    expect(read.body).toMatchObject({ id: res.body.id, amount: '0.10', reversedById: null });
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1`, [res.body.id]);
    expect(audit.rows).toEqual([{ action: 'spend.recorded' }]);
  });

  it('requires an Idempotency-Key (400)', async () => {
    const problem = expectProblem(await post(spendBody(projectId), null), 400);
    expect(problem.errors?.[0].field).toBe('Idempotency-Key');
  });

  it('replays the first answer for the same key and body, and refuses the key with another body (422)', async () => {
    const key = newKey();
    const first = await post(spendBody(projectId, { amount: '99.99' }), key).expect(201);
    const again = await post(spendBody(projectId, { amount: '99.99' }), key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expectProblem(await post(spendBody(projectId, { amount: '100.00' }), key), 422);
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM spend_entries WHERE organisation_id = $1 AND amount = 99.99`, [org.id]);
    expect(rows[0].n).toBe(1);
  });

  it('scopes keys to the organisation: a key replayed from a rotated token answers the first result', async () => {
    const key = newKey();
    const created = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'finance system', scopes: ['finance:write'] }).expect(201);
    const first = await post(spendBody(projectId, { amount: '5.00', reference: 'ROTATE-1' }), key, created.body.token).expect(201);
    const rotated = await ctx.as(org.adminToken).post(`/v1/tokens/${created.body.id}/rotate`).send({ overlapSeconds: 0 }).expect(201);
    const replay = await post(spendBody(projectId, { amount: '5.00', reference: 'ROTATE-1' }), key, rotated.body.token).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    // Another token of the same organisation gets the same answer; another organisation's key space is its own.
    const otherWriter = await ctx.token(org, ['finance:write'], 'second writer');
    expect((await post(spendBody(projectId, { amount: '5.00', reference: 'ROTATE-1' }), key, otherWriter).expect(201)).body.id).toBe(first.body.id);
    expectProblem(await post(spendBody(projectId, { amount: '6.00' }), key, otherWriter), 422);
    const third = await ctx.newOrganisation();
    const outsider = await ctx.token(third, ['finance:write']);
    await post(spendBody((await insertProject(ctx.db, third.id)).id, { amount: '5.00', reference: 'ROTATE-1' }), key, outsider).expect(201);
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM spend_entries WHERE organisation_id = $1 AND reference = 'ROTATE-1'`, [org.id]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses a duplicate of an entry already in the ledger (409 naming it) unless allowDuplicate says it is a separate payment', async () => {
    const body = spendBody(projectId, { amount: '42.00', supplier: 'Twice Ltd', reference: 'INV-42', description: 'Licence' });
    const first = await post(body).expect(201);
    const again = expectProblem(await post({ ...body, supplier: '  twice  LTD ', description: 'licence' }), 409);
    expect(again).toMatchObject({ code: 'duplicate_entry', existingId: first.body.id });
    const accepted = await post({ ...body, allowDuplicate: true }).expect(201);
    const audit = await ctx.db.query(`SELECT action, after->>'allowDuplicate' AS allowed FROM audit_events WHERE entity_id = $1`, [accepted.body.id]);
    expect(audit.rows).toEqual([{ action: 'spend.recorded_duplicate', allowed: 'true' }]);
    // A reversed entry's content may be recorded again: the reversal released it.
    await ctx.as(writer).post(`/v1/spend/${first.body.id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'posted twice' }).expect(201);
    await post(body).expect(201);
    expectProblem(await post(body), 409);
  });

  it('records one of 20 concurrent posts of the same spend under different keys; the rest are duplicates naming it', async () => {
    const body = spendBody(projectId, { amount: '31.41', supplier: 'Race Ltd', reference: 'RACE-1' });
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(body)));
    const created = responses.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of responses.filter((x) => x.status !== 201)) expect({ status: r.status, code: r.body.code, existingId: r.body.existingId }).toEqual({ status: 409, code: 'duplicate_entry', existingId: created[0].body.id });
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM spend_entries WHERE organisation_id = $1 AND reference = 'RACE-1'`, [org.id]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses spend dated far ahead or before 2000 (400), and budgets for absurd financial years', async () => {
    const ahead = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    for (const spentOn of ['2099-01-01', '9999-12-31', '1999-12-31', ahead]) {
      const problem = expectProblem(await post(spendBody(projectId, { spentOn, amount: '3.21' })), 400);
      expect(problem.errors?.[0]).toMatchObject({ field: 'spentOn', message: expect.stringContaining('2000-01-01') });
    }
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await post(spendBody(projectId, { spentOn: soon, amount: '3.21' })).expect(201);
    const budget = await ctx.as(org.adminToken).post('/v1/budgets').send({ projectId, financialYear: '9999-00', category: 'resource', amount: '10.00' });
    expect(expectProblem(budget, 400).errors?.[0].field).toBe('financialYear');
  });

  it('stores exactly one entry for 100 concurrent identical POSTs with one key', async () => {
    const key = newKey();
    const body = spendBody(projectId, { amount: '777.77', reference: 'CONCURRENT' });
    const responses = await Promise.all(Array.from({ length: 100 }, () => post(body, key)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    const created = responses.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(created.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    for (const conflict of responses.filter((r) => r.status === 409)) {
      expect(conflict.headers['retry-after']).toBeDefined();
      expect(conflict.body.code).toBe('idempotency_key_in_use');
    }
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM spend_entries WHERE organisation_id = $1 AND reference = 'CONCURRENT'`, [org.id]);
    expect(rows[0].n).toBe(1);
    expect(await totalsSum(ctx.db, org.id)).toEqual(await ledgerStats(ctx.db, org.id));
  });

  it('treats a re-sent externalId as exists, and a different amount as conflict, never an update', async () => {
    const externalId = `ERP-${randomUuid()}`;
    const first = await post(spendBody(projectId, { externalId, amount: '10.00' })).expect(201);
    const exists = await post(spendBody(projectId, { externalId, amount: '10.00' })).expect(200);
    expect(exists.body).toMatchObject({ id: first.body.id, result: 'exists' });
    const conflict = expectProblem(await post(spendBody(projectId, { externalId, amount: '11.00' })), 409);
    expect(conflict).toMatchObject({ code: 'external_id_conflict', existingId: first.body.id });
    const { rows } = await ctx.db.query(`SELECT amount::text FROM spend_entries WHERE organisation_id = $1 AND external_id = $2`, [org.id, externalId]);
    expect(rows).toEqual([{ amount: '10.00' }]);
  });

  it('validates the body and names the field (400)', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: 12.5 }, 'amount'],
      [{ amount: '1.234' }, 'amount'],
      [{ amount: '0.00' }, 'amount'],
      [{ amount: '-5.00' }, 'amount'],
      [{ amount: '12345678901234.00' }, 'amount'],
      [{ spentOn: '2026-02-30' }, 'spentOn'],
      [{ category: 'opex' }, 'category'],
      [{ costType: 'lunch' }, 'costType'],
      [{ currency: 'USD' }, 'currency'],
      [{ supplier: '' }, 'supplier'],
      [{ projectId: 'nope' }, 'projectId'],
      [{ surprise: true }, 'surprise'],
    ];
    for (const [override, field] of cases) {
      const problem = expectProblem(await post(spendBody(projectId, override)), 400);
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    }
  });

  it('needs finance:write to write and portfolio:read to read (403)', async () => {
    expectProblem(await post(spendBody(projectId), newKey(), reader), 403);
    expectProblem(await ctx.as(writer).get('/v1/spend'), 403);
  });

  it('answers 404 for another organisation\'s project, the same as a random id, and stores nothing', async () => {
    const before = await ledgerStats(ctx.db, org.id);
    const foreign = expectProblem(await post(spendBody(otherProjectId)), 404);
    const random = expectProblem(await post(spendBody(randomUuid())), 404);
    expect(foreign.detail).toBe(random.detail);
    expect(await ledgerStats(ctx.db, org.id)).toEqual(before);
    expect((await ledgerStats(ctx.db, other.id)).count).toBe('0');
  });

  it('reverses an entry once: a negative entry pointing at the original; a second reversal is 409', async () => {
    const original = await post(spendBody(projectId, { amount: '250.00', spentOn: '2026-06-01' })).expect(201);
    const key = newKey();
    const reversal = await ctx.as(writer).post(`/v1/spend/${original.body.id}/reversal`).set('Idempotency-Key', key).send({ reason: 'wrong project' }).expect(201);
    expect(reversal.body).toMatchObject({ amount: '-250.00', reversesId: original.body.id, reversalReason: 'wrong project', spentOn: '2026-06-01', financialYear: '2026-27' });
    const replay = await ctx.as(writer).post(`/v1/spend/${original.body.id}/reversal`).set('Idempotency-Key', key).send({ reason: 'wrong project' }).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const second = expectProblem(await ctx.as(writer).post(`/v1/spend/${original.body.id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'again' }), 409);
    expect(second.code).toBe('already_reversed');
    expectProblem(await ctx.as(writer).post(`/v1/spend/${reversal.body.id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'undo' }), 409);
    const read = await ctx.as(reader).get(`/v1/spend/${original.body.id}`).expect(200);
    expect(read.body.reversedById).toBe(reversal.body.id);
    expect(await totalsSum(ctx.db, org.id)).toEqual(await ledgerStats(ctx.db, org.id));
  });

  it('lets only one of two racing reversals through', async () => {
    const original = await post(spendBody(projectId, { amount: '40.00' })).expect(201);
    const [a, b] = await Promise.all(
      [0, 1].map(() => ctx.as(writer).post(`/v1/spend/${original.body.id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'race' })),
    );
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });

  it('validates reversals and hides other organisations\' entries (400, 403, 404)', async () => {
    const original = await post(spendBody(projectId, { amount: '3.00' })).expect(201);
    expectProblem(await ctx.as(writer).post(`/v1/spend/${original.body.id}/reversal`).set('Idempotency-Key', newKey()).send({}), 400);
    expectProblem(await ctx.as(writer).post(`/v1/spend/${original.body.id}/reversal`).send({ reason: 'x' }), 400);
    expectProblem(await ctx.as(writer).post(`/v1/spend/not-a-uuid/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'x' }), 400);
    expectProblem(await ctx.as(reader).post(`/v1/spend/${original.body.id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'x' }), 403);
    const outsider = await ctx.token(other, ['finance:write', 'portfolio:read']);
    const foreign = expectProblem(await ctx.as(outsider).post(`/v1/spend/${original.body.id}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'x' }), 404);
    const random = expectProblem(await ctx.as(outsider).post(`/v1/spend/${randomUuid()}/reversal`).set('Idempotency-Key', newKey()).send({ reason: 'x' }), 404);
    expect(foreign.detail).toBe(random.detail);
    expectProblem(await ctx.as(outsider).get(`/v1/spend/${original.body.id}`), 404);
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM spend_entries WHERE reverses_id = $1`, [original.body.id]);
    expect(rows[0].n).toBe(0);
  });

  it('lists entries with filters and a stable cursor', async () => {
    const listProject = (await insertProject(ctx.db, org.id)).id;
    for (const [i, spentOn] of ['2026-04-02', '2026-04-02', '2026-04-03', '2026-05-01', '2026-06-30'].entries()) {
      await post(spendBody(listProject, { spentOn, amount: `${i + 1}.00`, supplier: i === 4 ? 'Beta Cloud' : 'Acme' })).expect(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string; spentOn: string }[]; nextCursor: string | null } } = await ctx.as(reader).get('/v1/spend').query({ projectId: listProject, limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...page.body.data.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const filtered = await ctx.as(reader).get('/v1/spend').query({ projectId: listProject, from: '2026-04-03', to: '2026-05-31' }).expect(200);
    expect(filtered.body.data.map((e: { spentOn: string }) => e.spentOn)).toEqual(['2026-05-01', '2026-04-03']);
    const bySupplier = await ctx.as(reader).get('/v1/spend').query({ projectId: listProject, supplier: 'beta cloud' }).expect(200);
    expect(bySupplier.body.data).toHaveLength(1);
    expectProblem(await ctx.as(reader).get('/v1/spend').query({ from: '2026-13-01' }), 400);
    const outsider = await ctx.token(other, ['portfolio:read']);
    expect((await ctx.as(outsider).get('/v1/spend').query({ projectId: listProject }).expect(200)).body.data).toEqual([]);
  });

  it('checks every reference in the database, set-based: project, reversed entry and import of the same organisation', async () => {
    const insert = (projectRef: string, reversesId: string | null = null, importId: string | null = null, amount = reversesId ? '-1.00' : '1.00') =>
      ctx.db.query(
        `INSERT INTO spend_entries (organisation_id, project_id, financial_year, spent_on, amount, category, cost_type, supplier, source, reverses_id, import_id)
         VALUES ($1, $2, '2026-27', '2026-05-01', $3, 'resource', 'other', 'X', 'api', $4, $5)`,
        [org.id, projectRef, amount, reversesId, importId],
      );
    const entry = await post(spendBody(projectId, { amount: '2.00' })).expect(201);
    await expect(insert(otherProjectId)).rejects.toMatchObject({ code: '23503', constraint: 'fk_spend_entries_project' });
    await expect(insert(projectId, randomUuid())).rejects.toMatchObject({ code: '23503', constraint: 'fk_spend_entries_reverses' });
    await expect(insert(projectId, null, randomUuid())).rejects.toMatchObject({ code: '23503', constraint: 'fk_spend_entries_import' });
    const foreignEntry = await ctx.as(await ctx.token(other, ['finance:write'])).post('/v1/spend').set('Idempotency-Key', newKey()).send(spendBody(otherProjectId)).expect(201);
    await expect(insert(projectId, foreignEntry.body.id)).rejects.toMatchObject({ code: '23503', constraint: 'fk_spend_entries_reverses' });
    await insert(projectId, entry.body.id, null, '-2.00');
    await ctx.db.query(`INSERT INTO spend_totals (organisation_id, project_id, financial_year, category, total, entry_count) VALUES ($1, $2, '2026-27', 'resource', 0, 0)
                        ON CONFLICT ON CONSTRAINT pk_spend_totals DO UPDATE SET total = spend_totals.total - 2, entry_count = spend_totals.entry_count + 1`, [org.id, projectId]);
  });

  it('keeps the ledger append-only for the application role, with a trigger behind the grants', async () => {
    const entry = await post(spendBody(projectId, { amount: '1.00' })).expect(201);
    const app = new Client({ connectionString: appUrl(ctx.database) });
    await app.connect();
    try {
      await expect(app.query(`UPDATE spend_entries SET amount = 2 WHERE id = $1`, [entry.body.id])).rejects.toThrow(/permission denied/);
      await expect(app.query(`DELETE FROM spend_entries WHERE id = $1`, [entry.body.id])).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    await expect(ctx.db.query(`UPDATE spend_entries SET amount = 2 WHERE id = $1`, [entry.body.id])).rejects.toThrow(/append-only/);
    await expect(ctx.db.query(`TRUNCATE spend_entries`)).rejects.toThrow(/append-only/);
    await expect(ctx.db.query(`DELETE FROM spend_entries WHERE id = $1`, [entry.body.id])).rejects.toThrow(/append-only/);
  });
});
