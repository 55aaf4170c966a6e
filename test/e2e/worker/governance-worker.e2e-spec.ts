import { INestApplicationContext } from '@nestjs/common';
import { QUEUES } from '@app/platform';
import { TestContext, testConfig } from '@test/support/test-app';
import { insertHealthyProject } from '@test/support/factories/evidence';
import { obliterate, startWorker, waitFor } from '@test/support/test-worker';

describe('governance scans in the worker', () => {
  let ctx: TestContext;
  const workers: INestApplicationContext[] = [];

  beforeAll(async () => {
    ctx = await TestContext.start();
  });
  afterAll(async () => {
    if (workers[0]) await obliterate(workers[0], Object.values(QUEUES));
    for (const worker of workers) await worker.close();
    await ctx.close();
  });

  it('runs an on-demand scan requested through the api, via the outbox', async () => {
    const org = await ctx.newOrganisation();
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [project.projectId]);
    // Two workers started together; the schedule is far away so only the requested scan runs now.
    const config = testConfig(ctx.database, { outboxPollMs: 100, governanceScanCron: '0 0 1 1 *' });
    workers.push(...(await Promise.all([startWorker(config), startWorker(config)])));
    const queued = await ctx.as(org.adminToken).post('/v1/governance/scans').expect(202);
    const done = await waitFor(async () => {
      const scan = (await ctx.as(org.adminToken).get(`/v1/governance/scans/${queued.body.id}`)).body;
      return scan.status === 'completed' ? scan : null;
    }, 20_000);
    // The flag may already be up: the evidence refresh the arranging writes queued also judges the project.
    expect(done.counts).toMatchObject({ projectsScanned: 1 });
    const flags = await ctx.as(org.adminToken).get(`/v1/flags?projectId=${project.projectId}`).expect(200);
    expect(flags.body.data.map((f: { rule: string }) => f.rule)).toEqual(['no_user_need']);
  });

  it('runs the scheduled scan once per interval with two workers', async () => {
    for (const worker of workers.splice(0)) await worker.close();
    const config = testConfig(ctx.database, { outboxPollMs: 100, governanceScanCron: '*/2 * * * * *' });
    workers.push(...(await Promise.all([startWorker(config), startWorker(config)])));
    await waitFor(async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM governance_scans WHERE trigger = 'schedule' AND status = 'completed'`)).rows[0].n >= 3, 20_000);
    const scans = await ctx.db.query(`SELECT started_at FROM governance_scans WHERE trigger = 'schedule' ORDER BY started_at`);
    const gaps = scans.rows.slice(1).map((row, i) => row.started_at.getTime() - scans.rows[i].started_at.getTime());
    // Two workers each scheduling would start scans in pairs, milliseconds apart.
    expect(gaps.every((ms) => ms > 1000)).toBe(true);
    const dupes = await ctx.db.query(`SELECT rule, subject_id FROM flags WHERE status <> 'resolved' GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(dupes.rows).toEqual([]);
  });
});
