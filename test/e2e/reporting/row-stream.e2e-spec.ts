import { Db, systemActor } from '@app/platform';
import { eachRow } from '@app/reporting';
import { TestContext, TestOrg } from '@test/support/test-app';

/** Rows handed over as PostgreSQL sends them (the streamed portfolio), on the transaction's own connection. */
describe('rows as they arrive', () => {
  let ctx: TestContext;
  let db: Db;
  let org: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    db = ctx.app.get(Db);
    org = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  it('hands every row over in order, and holds the connection while the consumer is slow', async () => {
    const seen: number[] = [];
    let held = false;
    let arrivedWhileHeld = 0;
    let mostWhileHeld = 0;
    await db.tenant(systemActor(org.id), (tx) =>
      eachRow<{ i: number; pad: string }>(tx, `SELECT i, repeat('x', 10000) AS pad FROM generate_series(1, $1::int) i`, [2000], (row) => {
        seen.push(row.i);
        if (held) mostWhileHeld = Math.max(mostWhileHeld, ++arrivedWhileHeld);
        if (row.i % 100 !== 0) return;
        held = true;
        arrivedWhileHeld = 0;
        return new Promise<void>((resolve) => setTimeout(() => ((held = false), resolve()), 20));
      }),
    );
    expect(seen).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    // 20 MB went by; while held, only what was already read from the socket (one read, 64 KiB) arrives.
    expect(mostWhileHeld).toBeLessThan(20);
  });

  it('rejects with the error of a row that throws, and leaves the transaction usable', async () => {
    const after = await db.tenant(systemActor(org.id), async (tx) => {
      await expect(
        eachRow<{ i: number }>(tx, 'SELECT i FROM generate_series(1, 1000) i', [], (row) => {
          if (row.i === 5) throw new Error('the client went away');
        }),
      ).rejects.toThrow('the client went away');
      return tx.query<{ one: number }>('SELECT 1 AS one');
    });
    expect(after).toEqual([{ one: 1 }]);
  });

  it("rejects with the statement's own error", async () => {
    await expect(db.tenant(systemActor(org.id), (tx) => eachRow(tx, 'SELECT 1 / (i - 3) FROM generate_series(1, 5) i', [], () => undefined))).rejects.toThrow('division by zero');
  });
});
