import { GovernanceModule, ScheduledScans } from '@app/governance';
import { TestContext } from '@test/support/test-app';
import { insertHealthyProject } from '@test/support/factories/evidence';

/** The nightly scan runs once per due time, even when its job is retried after a crash. */
describe('scheduled scans', () => {
  let ctx: TestContext;
  let scheduled: ScheduledScans;

  beforeAll(async () => {
    ctx = await TestContext.start();
    scheduled = (await ctx.systemApp([GovernanceModule])).get(ScheduledScans);
    const org = await ctx.newOrganisation();
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [project.projectId]);
  });
  afterAll(() => ctx.close());

  it('runs one scan for a due time however often the job runs', async () => {
    const due = new Date('2026-11-20T02:00:00Z');
    const first = await scheduled.runDue(due);
    const again = await scheduled.runDue(due);
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ status: 'completed', trigger: 'schedule', raised: 1 });
    const rows = await ctx.db.query(`SELECT id FROM governance_scans WHERE trigger = 'schedule' AND scheduled_for = $1`, [due]);
    expect(rows.rows).toHaveLength(1);
    const next = await scheduled.runDue(new Date('2026-11-21T02:00:00Z'));
    expect(next.id).not.toBe(first.id);
    // The flag's evidence is unchanged, so its row is not rewritten (refreshed counts changed evidence).
    expect(next).toMatchObject({ status: 'completed', raised: 0, refreshed: 0, resolved: 0 });
  });

  it('finishes a scan a crashed worker left running, instead of starting another', async () => {
    const due = new Date('2026-11-22T02:00:00Z');
    const crashed = await ctx.db.query(
      `INSERT INTO governance_scans (trigger, status, requested_by, scheduled_for, started_at) VALUES ('schedule', 'running', 'schedule', $1, now()) RETURNING id`,
      [due],
    );
    const finished = await scheduled.runDue(due);
    expect(finished).toMatchObject({ id: crashed.rows[0].id, status: 'completed' });
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM governance_scans WHERE scheduled_for = $1`, [due])).rows[0].n).toBe(1);
  });

  it('refuses a second scheduled scan row for the same due time in the database', async () => {
    const due = new Date('2026-11-23T02:00:00Z');
    const insert = () => ctx.db.query(`INSERT INTO governance_scans (trigger, status, scheduled_for) VALUES ('schedule', 'queued', $1)`, [due]);
    await insert();
    await expect(insert()).rejects.toThrow(/uq_governance_scans_scheduled_for/);
  });
});
