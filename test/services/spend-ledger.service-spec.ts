import { randomUUID } from 'node:crypto';
import { NewSpend, SpendLedgerService, FinanceModule } from '@app/finance';
import { Actor } from '@app/platform';
import { ServiceContext } from '@test/support/service-context';
import { ledgerSum, totalsSum } from '@test/support/factories/finance';
import { insertProject } from '@test/support/factories/portfolio';

describe('SpendLedgerService (no HTTP)', () => {
  let ctx: ServiceContext;
  let ledger: SpendLedgerService;
  let org: { id: string; actor: Actor };
  let projectId: string;

  const entry = (overrides: Partial<NewSpend> = {}): NewSpend => ({
    projectId,
    spentOn: '2026-05-01',
    amount: '1250.10',
    category: 'resource',
    costType: 'suppliers',
    supplier: 'Acme Ltd',
    ...overrides,
  });

  beforeAll(async () => {
    ctx = await ServiceContext.start([FinanceModule]);
    ledger = ctx.get(SpendLedgerService);
    org = await ctx.newOrganisation();
    projectId = (await insertProject(ctx.db, org.id)).id;
  });
  afterAll(() => ctx.close());

  it('records an entry once per external id: created, then exists, then a conflict when it differs', async () => {
    const first = await ledger.record(org.actor, randomUUID(), entry({ externalId: 'INV-1' }));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ result: 'created', amount: '1250.10' });
    const again = await ledger.record(org.actor, randomUUID(), entry({ externalId: 'INV-1' }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ result: 'exists', id: first.body.id });
    await expect(ledger.record(org.actor, randomUUID(), entry({ externalId: 'INV-1', amount: '1.00' }))).rejects.toMatchObject({ status: 409, code: 'external_id_conflict' });
    expect(await ledgerSum(ctx.db, org.id)).toBe('1250.10');
  });

  it('replays the first answer for a repeated idempotency key and counts the money once', async () => {
    const key = randomUUID();
    const first = await ledger.record(org.actor, key, entry({ amount: '99.99' }));
    const replay = await ledger.record(org.actor, key, entry({ amount: '99.99' }));
    expect(replay.replayed).toBe(true);
    expect(replay.body.id).toBe(first.body.id);
    expect(await ledgerSum(ctx.db, org.id)).toBe('1350.09');
  });

  it('stores the valid items of a batch, reports the rest, and keeps the running totals equal to the ledger', async () => {
    const outcome = await ledger.recordBatch(
      org.actor,
      randomUUID(),
      [{ ok: true, entry: entry({ amount: '10.00' }) }, { ok: false, errors: [{ field: 'amount', message: 'amount is wrong' }] }, { ok: true, entry: entry({ projectId: randomUUID() }) }],
      { items: 3 },
    );
    expect(outcome.body.results.map((r) => r.result)).toEqual(['created', 'invalid', 'not_found']);
    const totals = await totalsSum(ctx.db, org.id);
    expect(totals.total).toBe(await ledgerSum(ctx.db, org.id));
  });

  it('reverses an entry once: the ledger nets to zero for it and a second reversal is refused', async () => {
    const original = await ledger.record(org.actor, randomUUID(), entry({ amount: '500.00' }));
    const reversal = await ledger.reverse(org.actor, randomUUID(), original.body.id, 'keyed twice');
    expect(reversal.body).toMatchObject({ amount: '-500.00', reversesId: original.body.id });
    const pair = await ctx.db.query(`SELECT sum(amount)::text AS net FROM spend_entries WHERE id = ANY($1::uuid[])`, [[original.body.id, reversal.body.id]]);
    expect(pair.rows[0].net).toBe('0.00');
    await expect(ledger.reverse(org.actor, randomUUID(), original.body.id, 'again')).rejects.toMatchObject({ status: 409, code: 'already_reversed' });
  });

  it('answers not found for another organisation’s entry', async () => {
    const other = await ctx.newOrganisation();
    // Its own reference: the ledger refuses a second entry with the same content as an earlier one.
    const mine = await ledger.record(org.actor, randomUUID(), entry({ reference: 'INV-OTHER-ORG' }));
    await expect(ledger.reverse(other.actor, randomUUID(), mine.body.id, 'not yours')).rejects.toMatchObject({ status: 404 });
  });
});
