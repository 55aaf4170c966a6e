import { Db } from '@app/platform';
import { GovernanceModule, ScanService } from '@app/governance';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertHealthyProject } from '@test/support/factories/evidence';

describe('governance API', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let reader: string;
  let governor: string;
  let flagged: { projectId: string; programmeId: string };
  let theirFlagId: string;

  const scan = (organisationId: string) => ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, organisationId, null, new Date()));

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    reader = await ctx.token(org, ['portfolio:read']);
    governor = await ctx.token(org, ['portfolio:read', 'governance:write'], 'Board secretary');
    flagged = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [flagged.projectId]);
    await scan(org.id);
    const theirs = await insertHealthyProject(ctx.db, other.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [theirs.projectId]);
    await scan(other.id);
    theirFlagId = (await ctx.db.query(`SELECT id FROM flags WHERE project_id = $1`, [theirs.projectId])).rows[0].id;
  });
  afterAll(() => ctx.close());

  describe('flags', () => {
    it('lists flags with rule, severity, status and evidence, filterable', async () => {
      const list = await ctx.as(reader).get(`/v1/flags?projectId=${flagged.projectId}&status=open`).expect(200);
      expect(list.body.data).toEqual([
        expect.objectContaining({ rule: 'no_user_need', title: 'No user need', severity: 'warning', status: 'open', projectId: flagged.projectId, evidence: expect.stringContaining('user need') }),
      ]);
      expect((await ctx.as(reader).get('/v1/flags?rule=budget_overrun').expect(200)).body.data).toEqual([]);
      expectProblem(await ctx.as(reader).get('/v1/flags?rule=made_up'), 400);
      expectProblem(await ctx.as(reader).get('/v1/flags?status=closed'), 400);
    });

    it("shows an open flag as last seen by the organisation's latest scan, though its unchanged row is not rewritten", async () => {
      const [before] = (await ctx.as(reader).get(`/v1/flags?projectId=${flagged.projectId}`).expect(200)).body.data;
      await scan(org.id);
      const [after] = (await ctx.as(reader).get(`/v1/flags?projectId=${flagged.projectId}`).expect(200)).body.data;
      const [{ scanned_at: scannedAt }] = (await ctx.db.query(`SELECT scanned_at FROM organisation_scan_marks WHERE organisation_id = $1`, [org.id])).rows;
      expect(after.lastSeenAt).toBe(scannedAt.toISOString());
      expect(Date.parse(after.lastSeenAt)).toBeGreaterThan(Date.parse(before.lastSeenAt));
      expect((await ctx.as(reader).get(`/v1/flags/${after.id}`).expect(200)).body.lastSeenAt).toBe(after.lastSeenAt);
    });

    it('acknowledges a flag: it stays open with who, when and why, and its history shows it', async () => {
      const [flag] = (await ctx.as(reader).get(`/v1/flags?projectId=${flagged.projectId}`).expect(200)).body.data;
      const ack = await ctx.as(governor).post(`/v1/flags/${flag.id}/acknowledge`).send({ note: 'Service owner to write it by March' }).expect(200);
      expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgement: { by: 'Board secretary', note: 'Service owner to write it by March', at: expect.any(String) } });
      await scan(org.id);
      const after = await ctx.as(reader).get(`/v1/flags/${flag.id}`).expect(200);
      expect(after.body.status).toBe('acknowledged');
      expect(after.body.history.map((h: { kind: string }) => h.kind)).toEqual(['raised', 'acknowledged']);
    });

    it('refuses to acknowledge a resolved flag (409), without a note (400) or scope (403)', async () => {
      const [flag] = (await ctx.as(reader).get(`/v1/flags?projectId=${flagged.projectId}`).expect(200)).body.data;
      expectProblem(await ctx.as(governor).post(`/v1/flags/${flag.id}/acknowledge`).send({}), 400);
      expectProblem(await ctx.as(reader).post(`/v1/flags/${flag.id}/acknowledge`).send({ note: 'x' }), 403);
      await ctx.db.query(`UPDATE projects SET user_need = 'Now stated' WHERE id = $1`, [flagged.projectId]);
      await scan(org.id);
      expectProblem(await ctx.as(governor).post(`/v1/flags/${flag.id}/acknowledge`).send({ note: 'late' }), 409);
      expect((await ctx.as(reader).get(`/v1/flags/${flag.id}`)).body.history.map((h: { kind: string }) => h.kind)).toEqual(['raised', 'acknowledged', 'resolved']);
    });

    it("hides another organisation's flags (404 like a random id)", async () => {
      const foreign = expectProblem(await ctx.as(reader).get(`/v1/flags/${theirFlagId}`), 404);
      expect(expectProblem(await ctx.as(reader).get(`/v1/flags/${randomUuid()}`), 404).detail).toBe(foreign.detail);
      expectProblem(await ctx.as(governor).post(`/v1/flags/${theirFlagId}/acknowledge`).send({ note: 'mine now' }), 404);
      const row = await ctx.db.query(`SELECT status FROM flags WHERE id = $1`, [theirFlagId]);
      expect(row.rows[0].status).toBe('open');
      expect((await ctx.as(reader).get('/v1/flags?limit=200')).body.data.map((f: { id: string }) => f.id)).not.toContain(theirFlagId);
    });
  });

  describe('scans', () => {
    it('queues an on-demand scan (202) with an outbox row, readable by id', async () => {
      const queued = await ctx.as(governor).post('/v1/governance/scans').expect(202);
      expect(queued.body).toMatchObject({ status: 'queued', trigger: 'manual', requestedBy: 'Board secretary' });
      expect(queued.headers.location).toBe(`/v1/governance/scans/${queued.body.id}`);
      const outbox = await ctx.db.query(`SELECT payload FROM outbox_events WHERE queue = 'governance' AND payload->>'scanId' = $1`, [queued.body.id]);
      expect(outbox.rows).toHaveLength(1);
      await (await ctx.systemApp([GovernanceModule])).get(ScanService).run(queued.body.id);
      const done = await ctx.as(reader).get(`/v1/governance/scans/${queued.body.id}`).expect(200);
      expect(done.body).toMatchObject({ status: 'completed', counts: { projectsScanned: 1 }, startedAt: expect.any(String), finishedAt: expect.any(String) });
    });

    it('merges repeated requests into the scan still queued, and queues a new one once it has run', async () => {
      const mine = await ctx.newOrganisation();
      const burst = await Promise.all(Array.from({ length: 20 }, () => ctx.as(mine.adminToken).post('/v1/governance/scans')));
      expect(burst.map((r) => r.status)).toEqual(Array(20).fill(202));
      const ids = new Set(burst.map((r) => r.body.id));
      expect(ids.size).toBe(1);
      const [scanId] = [...ids];
      const rows = await ctx.db.query(`SELECT count(*)::int AS scans FROM governance_scans WHERE organisation_id = $1`, [mine.id]);
      expect(rows.rows[0].scans).toBe(1);
      const outbox = await ctx.db.query(`SELECT count(*)::int AS jobs FROM outbox_events WHERE queue = 'governance' AND payload->>'scanId' = $1`, [scanId]);
      expect(outbox.rows[0].jobs).toBe(1);
      const audit = await ctx.db.query(`SELECT action, count(*)::int AS n FROM audit_events WHERE organisation_id = $1 AND entity_id = $2 GROUP BY action ORDER BY action`, [mine.id, scanId]);
      expect(audit.rows).toEqual([{ action: 'governance_scan.merged', n: 19 }, { action: 'governance_scan.requested', n: 1 }]);
      await (await ctx.systemApp([GovernanceModule])).get(ScanService).run(scanId);
      const next = await ctx.as(mine.adminToken).post('/v1/governance/scans').expect(202);
      expect(next.body.id).not.toBe(scanId);
      expect(next.body.status).toBe('queued');
    });

    it('needs governance:write (403) and hides other organisations (404)', async () => {
      expectProblem(await ctx.as(reader).post('/v1/governance/scans'), 403);
      const theirs = await ctx.as(other.adminToken).post('/v1/governance/scans').expect(202);
      expectProblem(await ctx.as(reader).get(`/v1/governance/scans/${theirs.body.id}`), 404);
      expectProblem(await ctx.as(reader).get('/v1/governance/scans/nope'), 400);
    });
  });

  describe('rating and coverage', () => {
    it('explains the evidence-based rating with its inputs and the gap to the report', async () => {
      const project = await insertHealthyProject(ctx.db, org.id);
      const healthy = await ctx.as(reader).get(`/v1/projects/${project.projectId}/rating`).expect(200);
      expect(healthy.body).toMatchObject({ rating: 'green', steps: 0, reported: { rating: 'green' }, gapSteps: 0 });
      expect(healthy.body.inputs.map((i: { input: string }) => i.input)).toEqual(['kpis', 'finance', 'schedule', 'criticalFlags']);
      await ctx.db.query(`UPDATE kpi_measurements SET value = 40 WHERE kpi_id = $1`, [project.kpiId]);
      await ctx.db.query(`UPDATE spend_totals SET total = 115000 WHERE project_id = $1`, [project.projectId]);
      const poor = await ctx.as(reader).get(`/v1/projects/${project.projectId}/rating`).expect(200);
      expect(poor.body).toMatchObject({ rating: 'red', steps: 4, gapSteps: 4 });
      expect(poor.body.inputs).toEqual([
        { input: 'kpis', effect: 2, detail: '1 of 1 measurable KPI(s) off track' },
        { input: 'finance', effect: 2, detail: expect.stringMatching(/^spend or forecast 115\.0% of the \d{4}-\d{2} budget$/) },
        { input: 'schedule', effect: 0, detail: 'no open milestones' },
        // The budget overrun's critical flag is the finance input already: it does not move the rating again.
        { input: 'criticalFlags', effect: 0, detail: expect.stringMatching(/^no open critical flags on other causes/) },
      ]);
      expect(poor.body.explanation).toMatch(/^red: 1 of 1 measurable KPI\(s\) off track \(\+2\); spend or forecast 115\.0%/);
      const theirs = await insertHealthyProject(ctx.db, other.id);
      expectProblem(await ctx.as(reader).get(`/v1/projects/${theirs.projectId}/rating`), 404);
      expectProblem(await ctx.as(await ctx.token(org, ['finance:write'])).get(`/v1/projects/${project.projectId}/rating`), 403);
    });

    it('reports, per rule, the share of active projects that pass, overall and per programme', async () => {
      const fresh = await ctx.newOrganisation();
      const a = await insertHealthyProject(ctx.db, fresh.id);
      await insertHealthyProject(ctx.db, fresh.id);
      await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [a.projectId]);
      // A programme without an SRO is flagged no_owner, which is not a project failing the rule.
      await ctx.db.query(`DELETE FROM owners WHERE subject_type = 'programme' AND subject_id = $1`, [a.programmeId]);
      await scan(fresh.id);
      const coverage = await ctx.as(fresh.adminToken).get('/v1/governance/coverage').expect(200);
      const rule = (code: string) => coverage.body.organisation.rules.find((r: { rule: string }) => r.rule === code);
      expect(coverage.body.organisation.activeProjects).toBe(2);
      expect(rule('no_user_need')).toMatchObject({ total: 2, passing: 1, passingPct: 50 });
      expect(rule('budget_overrun')).toMatchObject({ total: 2, passing: 2, passingPct: 100 });
      expect(rule('no_owner')).toMatchObject({ total: 2, passing: 2, passingPct: 100 });
      const programme = coverage.body.programmes.find((p: { programmeId: string }) => p.programmeId === a.programmeId);
      expect(programme.rules.find((r: { rule: string }) => r.rule === 'no_user_need')).toMatchObject({ total: 1, passing: 0, passingPct: 0 });
      expectProblem(await ctx.as(await ctx.token(fresh, ['kpis:write'])).get('/v1/governance/coverage'), 403);
    });
  });

  describe('organisation settings', () => {
    it('shows defaults and changes thresholds under If-Match', async () => {
      const current = await ctx.as(reader).get('/v1/organisation/settings').expect(200);
      expect(current.body.governance).toMatchObject({ userFeedbackDays: 90, minSupportivePct: 50, optimismGapSteps: 2 });
      expectProblem(await ctx.as(org.adminToken).patch('/v1/organisation/settings').send({ governance: { userFeedbackDays: 60 } }), 428);
      const updated = await ctx.as(org.adminToken).patch('/v1/organisation/settings').set('if-match', current.headers.etag).send({ governance: { userFeedbackDays: 60 } }).expect(200);
      expect(updated.body.governance).toMatchObject({ userFeedbackDays: 60, buyInDays: 180 });
      expectProblem(await ctx.as(org.adminToken).patch('/v1/organisation/settings').set('if-match', current.headers.etag).send({ governance: { userFeedbackDays: 30 } }), 412);
      const bad = expectProblem(await ctx.as(org.adminToken).patch('/v1/organisation/settings').set('if-match', updated.headers.etag).send({ governance: { minSupportivePct: 150, bogus: 1 } }), 400);
      expect(bad.errors?.map((e) => e.field).sort()).toEqual(['governance.bogus', 'governance.minSupportivePct']);
      expectProblem(await ctx.as(governor).patch('/v1/organisation/settings').set('if-match', updated.headers.etag).send({ governance: { userFeedbackDays: 30 } }), 403);
      const theirs = await ctx.as(other.adminToken).get('/v1/organisation/settings').expect(200);
      expect(theirs.body.governance.userFeedbackDays).toBe(90);
    });
  });
});

describe('governance events for webhooks', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await TestContext.start()));
  afterAll(() => ctx.close());

  it('queues flag.raised, flag.resolved and rating.changed only for organisations that subscribe', async () => {
    const subscribed = await ctx.newOrganisation();
    const silent = await ctx.newOrganisation();
    await ctx.db.query(`INSERT INTO webhooks (organisation_id, url, events, secret) VALUES ($1, 'https://example.org/hook', ARRAY['flag.raised','flag.resolved','rating.changed'], '\\x00')`, [subscribed.id]);
    const events = async (orgId: string) =>
      (await ctx.db.query(`SELECT payload->>'type' AS type, payload->'data' AS data FROM outbox_events WHERE organisation_id = $1 AND queue = 'webhooks' ORDER BY seq`, [orgId])).rows;
    const scanOf = (id: string) => ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, id, null, new Date()));
    for (const org of [subscribed, silent]) {
      const p = await insertHealthyProject(ctx.db, org.id);
      await scanOf(org.id);
      await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [p.projectId]);
      await ctx.db.query(`UPDATE kpi_measurements SET value = 40 WHERE kpi_id = $1`, [p.kpiId]);
      await scanOf(org.id);
      await ctx.db.query(`UPDATE projects SET user_need = 'stated' WHERE id = $1`, [p.projectId]);
      await scanOf(org.id);
    }
    const types = (await events(subscribed.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['flag.raised', 'flag.resolved', 'rating.changed']));
    expect((await events(subscribed.id)).find((e) => e.type === 'flag.raised')?.data).toMatchObject({ rule: 'no_user_need', severity: 'warning', evidence: expect.any(String) });
    expect((await events(subscribed.id)).find((e) => e.type === 'rating.changed')?.data).toMatchObject({ from: 'green', to: expect.any(String) });
    expect(await events(silent.id)).toEqual([]);
  });
});
