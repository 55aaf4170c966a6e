import { Db } from '@app/platform';
import { readMarks, releaseMarks, ScanService } from '@app/governance';
import { TestContext } from '@test/support/test-app';
import { insertHealthyProject } from '@test/support/factories/evidence';

/**
 * A refresh reads its marks and releases them just before it commits: a write re-marking a project
 * while a refresh of it runs goes through at once, and its mark survives for the next refresh.
 */
describe('evidence marks during a refresh', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await TestContext.start();
  });
  afterAll(async () => {
    await ctx.close();
  });

  const spend = (token: string, projectId: string, key: string) =>
    ctx.as(token).post('/v1/spend').set('idempotency-key', key)
      // Well under the api's pool wait: a write that waited for the refresh would time out here. A
      // reference per key: the ledger refuses the same content twice.
      .timeout(4000)
      .send({ projectId, spentOn: new Date().toISOString().slice(0, 10), amount: '10.00', currency: 'GBP', category: 'resource', costType: 'suppliers', supplier: 'Marks Ltd', supplierIsSme: false, reference: key });
  const queuedRefreshes = async (organisationId: string) =>
    (await ctx.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE organisation_id = $1 AND job_name = 'refresh-evidence' AND dispatched_at IS NULL`, [organisationId])).rows[0].n as number;
  const mark = async (organisationId: string, projectId: string) =>
    (await ctx.db.query(`SELECT version::int AS version FROM evidence_dirty WHERE organisation_id = $1 AND subject_id = $2`, [organisationId, projectId])).rows[0];

  it('lets a write re-mark a project while its refresh runs, keeps that mark and queues one more refresh', async () => {
    const org = await ctx.newOrganisation();
    const project = await insertHealthyProject(ctx.db, org.id);
    const db = ctx.app.get(Db);
    const scans = ctx.app.get(ScanService);
    await db.system((m) => scans.scanWithin(m, org.id, null, new Date()));
    const writer = await ctx.token(org, ['finance:write']);
    // The setup's own marks queued jobs too (nothing dispatches them here): count from now on.
    const before = await queuedRefreshes(org.id);
    await spend(writer, project.projectId, 'marks-1').expect(201);
    expect(await mark(org.id, project.projectId)).toEqual({ version: 1 });
    const queuedByFirstMark = await queuedRefreshes(org.id);
    expect(queuedByFirstMark).toBe(before + 1);

    await db.system(async (m) => {
      const marks = await readMarks(m, org.id);
      expect(marks.map((x) => x.subject_id)).toContain(project.projectId);
      await scans.scanWithin(m, org.id, null, new Date(), [project.projectId]);
      // The refresh is still open: the write neither waits for it nor queues a job (the mark exists).
      await spend(writer, project.projectId, 'marks-2').expect(201);
      expect(await queuedRefreshes(org.id)).toBe(queuedByFirstMark);
      await releaseMarks(m, org.id, marks);
    });
    expect(await mark(org.id, project.projectId)).toEqual({ version: 2 });
    expect(await queuedRefreshes(org.id)).toBe(queuedByFirstMark + 1);
  });

  it('removes the marks a refresh covered when nobody marked them again, queuing nothing more', async () => {
    const org = await ctx.newOrganisation();
    const project = await insertHealthyProject(ctx.db, org.id);
    const db = ctx.app.get(Db);
    const scans = ctx.app.get(ScanService);
    await db.system((m) => scans.scanWithin(m, org.id, null, new Date()));
    const writer = await ctx.token(org, ['finance:write']);
    await spend(writer, project.projectId, 'marks-3').expect(201);
    const queued = await queuedRefreshes(org.id);
    await db.system(async (m) => {
      const marks = await readMarks(m, org.id);
      await scans.scanWithin(m, org.id, null, new Date(), marks.map((x) => x.subject_id));
      await releaseMarks(m, org.id, marks);
    });
    expect(await mark(org.id, project.projectId)).toBeUndefined();
    expect(await queuedRefreshes(org.id)).toBe(queued);
  });
});
