import { GovernanceModule, ScheduledScans } from '@app/governance';
import { TestContext } from '@test/support/test-app';
import { insertHealthyProject } from '@test/support/factories/evidence';

// A scheduled scan judges as of its due time, so due times stay near the data the test arranges now.
const hoursAgo = (hours: number): Date => new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3600_000);

/** The nightly scan runs once per due time, even when its job is retried after a crash. */
describe('scheduled scans', () => {
  let ctx: TestContext;
  let scheduled: ScheduledScans;
  const orgs: string[] = [];

  beforeAll(async () => {
    ctx = await TestContext.start();
    scheduled = (await ctx.systemApp([GovernanceModule])).get(ScheduledScans);
    for (let i = 0; i < 3; i++) {
      const org = await ctx.newOrganisation();
      const project = await insertHealthyProject(ctx.db, org.id);
      await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [project.projectId]);
      orgs.push(org.id);
    }
  });
  afterAll(() => ctx.close());

  it('runs one scan for a due time however often the job runs', async () => {
    const due = hoursAgo(4);
    const first = await scheduled.runDue(due);
    const again = await scheduled.runDue(due);
    expect(again.id).toBe(first.id);
    // One scan row for every organisation, each scanned in its own transaction (two at a time).
    expect(first).toMatchObject({ status: 'completed', trigger: 'schedule', organisationId: null, raised: 3, projectsScanned: 3 });
    const flagged = await ctx.db.query(`SELECT DISTINCT organisation_id FROM flags WHERE rule = 'no_user_need' AND raised_by_scan_id = $1`, [first.id]);
    expect(flagged.rows.map((r) => r.organisation_id).sort()).toEqual([...orgs].sort());
    const marks = await ctx.db.query(`SELECT organisation_id FROM organisation_scan_marks WHERE organisation_id = ANY($1)`, [orgs]);
    expect(marks.rows).toHaveLength(3);
    const rows = await ctx.db.query(`SELECT id FROM governance_scans WHERE trigger = 'schedule' AND scheduled_for = $1`, [due]);
    expect(rows.rows).toHaveLength(1);
    const next = await scheduled.runDue(hoursAgo(3));
    expect(next.id).not.toBe(first.id);
    // The flag's evidence is unchanged, so its row is not rewritten (refreshed counts changed evidence).
    expect(next).toMatchObject({ status: 'completed', raised: 0, refreshed: 0, resolved: 0 });
  });

  it('finishes a scan a crashed worker left running, instead of starting another', async () => {
    const due = hoursAgo(2);
    const crashed = await ctx.db.query(
      `INSERT INTO governance_scans (trigger, status, requested_by, scheduled_for, started_at) VALUES ('schedule', 'running', 'schedule', $1, now()) RETURNING id`,
      [due],
    );
    const finished = await scheduled.runDue(due);
    expect(finished).toMatchObject({ id: crashed.rows[0].id, status: 'completed' });
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM governance_scans WHERE scheduled_for = $1`, [due])).rows[0].n).toBe(1);
  });

  it('refuses a second scheduled scan row for the same due time in the database', async () => {
    const due = hoursAgo(1);
    const insert = () => ctx.db.query(`INSERT INTO governance_scans (trigger, status, scheduled_for) VALUES ('schedule', 'queued', $1)`, [due]);
    await insert();
    await expect(insert()).rejects.toThrow(/uq_governance_scans_scheduled_for/);
  });

  it('fans out one job per organisation, runs each part once, and completes when the last is done', async () => {
    const due = hoursAgo(0.5);
    const scanId = await scheduled.fanOut(due);
    // A retried scheduled job finds the same scan and queues nothing more.
    expect(await scheduled.fanOut(due)).toBe(scanId);
    const jobs = await ctx.db.query(`SELECT organisation_id, job_name, payload FROM outbox_events WHERE payload->>'scanId' = $1`, [scanId]);
    expect(jobs.rows.map((r) => r.organisation_id).sort()).toEqual([...orgs].sort());
    expect(jobs.rows.every((r) => r.job_name === 'scan-part' && r.payload.organisationId === r.organisation_id)).toBe(true);
    const status = async () => (await ctx.db.query(`SELECT status, projects_scanned FROM governance_scans WHERE id = $1`, [scanId])).rows[0];
    expect((await status()).status).toBe('running');

    const [first, ...rest] = orgs;
    expect(await scheduled.runPart(scanId, first)).toMatchObject({ projectsScanned: 1 });
    // The same part again (a duplicated or retried job) scans nothing.
    expect(await scheduled.runPart(scanId, first)).toBeNull();
    expect((await status()).status).toBe('running');
    await Promise.all(rest.map((org) => scheduled.runPart(scanId, org)));
    expect(await status()).toEqual({ status: 'completed', projects_scanned: 3 });
    const parts = await ctx.db.query(`SELECT status, worker FROM governance_scan_parts WHERE scan_id = $1`, [scanId]);
    expect(parts.rows).toHaveLength(3);
    expect(parts.rows.every((p) => p.status === 'completed' && /:\d+$/.test(p.worker))).toBe(true);
  });
});
