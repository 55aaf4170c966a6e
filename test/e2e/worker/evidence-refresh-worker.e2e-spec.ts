import { INestApplicationContext } from '@nestjs/common';
import { Db, QUEUES } from '@app/platform';
import { ScanService } from '@app/governance';
import { TestContext, testConfig } from '@test/support/test-app';
import { insertHealthyProject } from '@test/support/factories/evidence';
import { obliterate, startWorker, waitFor } from '@test/support/test-worker';

/** A write marks its project; the worker brings the evidence read model up to date without anyone reading. */
describe('evidence refresh in the worker', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    ctx = await TestContext.start();
  });
  afterAll(async () => {
    if (worker) {
      await obliterate(worker, Object.values(QUEUES));
      await worker.close();
    }
    await ctx.close();
  });

  it('re-judges a project after a spend write, from the outbox, and clears its mark', async () => {
    const org = await ctx.newOrganisation();
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, org.id, null, new Date()));
    const stored = async () => (await ctx.db.query(`SELECT doc::jsonb->'finance'->>'spent' AS spent, over_budget, critical_flags FROM project_evidence WHERE project_id = $1`, [project.projectId])).rows[0];
    expect(await stored()).toMatchObject({ spent: '50000.00', over_budget: false });
    worker = await startWorker(testConfig(ctx.database, { outboxPollMs: 100, governanceScanCron: '0 0 1 1 *' }));
    const writer = await ctx.token(org, ['finance:write']);
    await ctx.as(writer).post('/v1/spend').set('idempotency-key', 'refresh-1')
      .send({ projectId: project.projectId, spentOn: new Date().toISOString().slice(0, 10), amount: '60000.00', currency: 'GBP', category: 'resource', costType: 'suppliers', supplier: 'Over Ltd', supplierIsSme: false })
      .expect(201);
    // Over budget now: the row shows the money, and the scan's budget_overrun flag is raised with it.
    const after = await waitFor(async () => {
      const row = await stored();
      return row.spent === '110000.00' ? row : null;
    }, 20_000);
    expect(after).toMatchObject({ over_budget: true, critical_flags: 1 });
    expect((await ctx.db.query(`SELECT rule FROM flags WHERE project_id = $1 AND status <> 'resolved'`, [project.projectId])).rows).toEqual([{ rule: 'budget_overrun' }]);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM evidence_dirty WHERE organisation_id = $1`, [org.id])).rows[0].n).toBe(0);
  });
});
