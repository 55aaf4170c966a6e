import { GovernanceModule, ScanService } from '@app/governance';
import { Db } from '@app/platform';
import { ServiceContext } from '@test/support/service-context';
import { HealthyProject, insertHealthyProject } from '@test/support/factories/evidence';

describe('ScanService (no HTTP)', () => {
  let ctx: ServiceContext;
  let scans: ScanService;
  let org: { id: string };
  let healthy: HealthyProject;
  let gappy: HealthyProject;

  const scan = () => ctx.get(Db).system((manager) => scans.scanWithin(manager, org.id, null, new Date()));
  const openFlags = async (projectId: string) =>
    (await ctx.db.query(`SELECT rule FROM flags WHERE project_id = $1 AND status <> 'resolved' ORDER BY rule`, [projectId])).rows.map((r) => r.rule);

  beforeAll(async () => {
    // Scans work across organisations, so they run as the worker's role.
    ctx = await ServiceContext.start([GovernanceModule], { role: 'worker' });
    scans = ctx.get(ScanService);
    org = await ctx.newOrganisation();
    healthy = await insertHealthyProject(ctx.db, org.id);
    gappy = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [gappy.projectId]);
  });
  afterAll(() => ctx.close());

  it('flags only the project with a gap, and rates every active project', async () => {
    const counts = await scan();
    expect(counts.raised).toBeGreaterThanOrEqual(1);
    expect(await openFlags(gappy.projectId)).toEqual(['no_user_need']);
    expect(await openFlags(healthy.projectId)).toEqual([]);
    const ratings = await ctx.db.query(`SELECT project_id FROM project_ratings WHERE organisation_id = $1`, [org.id]);
    expect(ratings.rows.map((r) => r.project_id).sort()).toEqual([healthy.projectId, gappy.projectId].sort());
  });

  it('changes nothing when run again with the same evidence', async () => {
    const counts = await scan();
    expect(counts).toMatchObject({ raised: 0, resolved: 0 });
    expect(await openFlags(gappy.projectId)).toEqual(['no_user_need']);
  });

  it('resolves the flag once the gap is fixed, and records the history', async () => {
    await ctx.db.query(`UPDATE projects SET user_need = 'As a tenant I need to report a repair' WHERE id = $1`, [gappy.projectId]);
    const counts = await scan();
    expect(counts.resolved).toBe(1);
    expect(await openFlags(gappy.projectId)).toEqual([]);
    const history = await ctx.db.query(
      `SELECT e.kind FROM flag_events e JOIN flags f ON f.id = e.flag_id WHERE f.project_id = $1 ORDER BY e.seq`,
      [gappy.projectId],
    );
    expect(history.rows.map((r) => r.kind)).toEqual(['raised', 'resolved']);
  });
});
