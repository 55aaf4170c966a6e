import { Db } from '@app/platform';
import { ScanService } from '@app/governance';
import { TestContext, TestOrg } from '@test/support/test-app';
import { insertKnowledgeTransfer, insertSpendEntry } from '@test/support/factories/capability';
import { currentFinancialYear, day, HealthyProject, insertHealthyProject, lastClosedPeriod } from '@test/support/factories/evidence';
import { insertBenefit, insertMadeDecision, insertMilestone, insertRealisation, insertRebaseline, linkBenefitKpi } from '@test/support/factories/delivery';

interface RuleCase {
  rule: string;
  phase?: string;
  breakIt: (p: HealthyProject, ctx: TestContext, org: TestOrg) => Promise<unknown>;
  fixIt: (p: HealthyProject, ctx: TestContext, org: TestOrg) => Promise<unknown>;
  evidence: RegExp;
  /** How many subjects the break flags (a programme's and its project's), 1 unless said. */
  subjects?: number;
}

const thisPeriod = (): string => day(0).slice(0, 7);

const CASES: RuleCase[] = [
  {
    rule: 'no_measurable_target',
    breakIt: (p, ctx) => ctx.db.query(`UPDATE kpis SET target_value = NULL WHERE id = $1`, [p.kpiId]),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE kpis SET target_value = 80 WHERE id = $1`, [p.kpiId]),
    evidence: /no KPI with a baseline, target, target date and unit \(1 KPI\(s\) defined, none measurable\)/,
  },
  {
    rule: 'kpi_not_measurable',
    breakIt: (p, ctx, org) => ctx.db.query(`INSERT INTO kpis (organisation_id, project_id, name, kind, unit, direction, frequency) VALUES ($1, $2, 'Take-up', 'digital_take_up', '%', 'increase', 'monthly')`, [org.id, p.projectId]),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE kpis SET baseline_value = 10, baseline_date = $2, target_value = 60, target_date = $3 WHERE project_id = $1 AND name = 'Take-up'`, [p.projectId, day(-30), day(300)]),
    evidence: /"Take-up" lacks a baseline, a target, a target date/,
  },
  {
    rule: 'stale_kpi',
    breakIt: (p, ctx) => ctx.db.query(`UPDATE kpi_measurements SET measured_on = $2 WHERE kpi_id = $1`, [p.kpiId, day(-60)]),
    fixIt: (p, ctx, org) => ctx.db.query(`INSERT INTO kpi_measurements (organisation_id, kpi_id, measured_on, value, source) VALUES ($1, $2, $3, 72, 'manual')`, [org.id, p.kpiId, day(-1)]),
    evidence: /"User satisfaction" last measured \d{4}-\d{2}-\d{2} \(60 days ago\); expected monthly plus 15 days grace/,
  },
  {
    rule: 'no_user_feedback',
    breakIt: (p, ctx) => ctx.db.query(`UPDATE engagements SET occurred_on = $2 WHERE id = $1`, [p.engagementId, day(-120)]),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE engagements SET occurred_on = $2 WHERE id = $1`, [p.engagementId, day(-5)]),
    evidence: /no engagement with an external group since \d{4}-\d{2}-\d{2}, 120 days ago; threshold 90/,
  },
  {
    rule: 'feedback_not_acted_on',
    breakIt: (p, ctx) => ctx.db.query(`UPDATE engagements SET occurred_on = $2, actions_taken = NULL, actions_recorded_at = NULL WHERE id = $1`, [p.engagementId, day(-45)]),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE engagements SET actions_taken = 'Changed the letter', actions_recorded_at = now() WHERE id = $1`, [p.engagementId]),
    evidence: /1 engagement\(s\) older than 30 days have no actions recorded; oldest \d{4}-\d{2}-\d{2} \(45 days ago\)/,
  },
  {
    rule: 'no_buy_in_evidence',
    // Readings are append-only: a newer one supersedes the last.
    breakIt: (p, ctx, org) =>
      ctx.db.query(`INSERT INTO buy_in_readings (organisation_id, project_id, group_id, surveyed_on, respondents, supportive_pct, neutral_pct, opposed_pct) VALUES ($1, $2, $3, $4, 30, 40, 30, 30)`, [
        org.id,
        p.projectId,
        p.internalGroupId,
        day(-5),
      ]),
    fixIt: (p, ctx, org) =>
      ctx.db.query(`INSERT INTO buy_in_readings (organisation_id, project_id, group_id, surveyed_on, respondents, supportive_pct, neutral_pct, opposed_pct) VALUES ($1, $2, $3, $4, 30, 65, 20, 15)`, [
        org.id,
        p.projectId,
        p.internalGroupId,
        day(-1),
      ]),
    evidence: /supportive share below 50%: Frontline staff 40\.00% on/,
  },
  {
    rule: 'training_gap',
    breakIt: (p, ctx, org) =>
      ctx.db.query(`INSERT INTO training_records (organisation_id, project_id, group_id, recorded_on, staff_in_scope, staff_trained) VALUES ($1, $2, $3, $4, 100, 45)`, [org.id, p.projectId, p.internalGroupId, day(-5)]),
    fixIt: (p, ctx, org) =>
      ctx.db.query(`INSERT INTO training_records (organisation_id, project_id, group_id, recorded_on, staff_in_scope, staff_trained) VALUES ($1, $2, $3, $4, 100, 75)`, [org.id, p.projectId, p.internalGroupId, day(-1)]),
    evidence: /45 of 100 staff trained \(45\.0%\) on a beta service; minimum 60%/,
  },
  {
    rule: 'no_strategic_objective',
    breakIt: (p, ctx) => ctx.db.query(`UPDATE programmes SET objective_id = NULL WHERE id = $1`, [p.programmeId]),
    fixIt: (p, ctx, org) => ctx.db.query(`UPDATE programmes SET objective_id = (SELECT id FROM strategic_objectives WHERE organisation_id = $2 LIMIT 1) WHERE id = $1`, [p.programmeId, org.id]),
    evidence: /is not linked to a strategic objective/,
    subjects: 2,
  },
  {
    rule: 'no_user_need',
    breakIt: (p, ctx) => ctx.db.query(`UPDATE projects SET user_need = '  ' WHERE id = $1`, [p.projectId]),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE projects SET user_need = 'As a resident I need this' WHERE id = $1`, [p.projectId]),
    evidence: /does not state the user need/,
  },
  {
    rule: 'spend_without_kpis',
    breakIt: (p, ctx) => ctx.db.query(`UPDATE kpis SET unit = NULL WHERE id = $1`, [p.kpiId]),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE kpis SET unit = '%' WHERE id = $1`, [p.kpiId]),
    evidence: new RegExp(`£50,000\\.00 spent in ${currentFinancialYear()} with no measurable KPI`),
  },
  {
    rule: 'budget_overrun',
    breakIt: (p, ctx) => ctx.db.query(`UPDATE spend_totals SET total = 104000 WHERE project_id = $1; `.trim(), [p.projectId]).then(() =>
      ctx.db.query(`INSERT INTO forecasts (organisation_id, project_id, financial_year, amount, as_of) SELECT organisation_id, id, $2, 112000, $3 FROM projects WHERE id = $1`, [p.projectId, currentFinancialYear(), day(-1)]),
    ),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE budgets SET amount = 120000 WHERE project_id = $1`, [p.projectId]),
    evidence: /spent £104,000\.00, forecast £112,000\.00 against a budget of £100,000\.00 for \d{4}-\d{2}: 12\.0% over; tolerance 5%/,
  },
  {
    rule: 'status_report_overdue',
    breakIt: (p, ctx) => ctx.db.query(`ALTER TABLE status_reports DISABLE TRIGGER trg_status_reports_no_delete; DELETE FROM status_reports WHERE project_id = '${p.projectId}'; ALTER TABLE status_reports ENABLE TRIGGER trg_status_reports_no_delete`),
    fixIt: (p, ctx, org) =>
      ctx.db.query(
        `INSERT INTO status_reports (organisation_id, subject_type, project_id, period, overall, schedule, cost, scope, benefits, risk, resourcing, reported_by)
         VALUES ($1, 'project', $2, $3, 'green', 'green', 'green', 'green', 'green', 'green', 'green', 'PMO')`,
        [org.id, p.projectId, lastClosedPeriod()],
      ),
    evidence: new RegExp(`no status report for ${lastClosedPeriod()}, the last closed period; none ever submitted`),
  },
  {
    rule: 'no_owner',
    breakIt: (p, ctx) => ctx.db.query(`DELETE FROM owners WHERE subject_id IN ($1, $2)`, [p.projectId, p.kpiId]),
    fixIt: (p, ctx, org) =>
      ctx.db.query(
        `INSERT INTO owners (organisation_id, subject_type, subject_id, programme_id, project_id, kpi_id, person_id) VALUES ($1, 'project', $2, $3, $2, NULL, $5), ($1, 'kpi', $4, $3, $2, $4, $5)`,
        [org.id, p.projectId, p.programmeId, p.kpiId, p.ownerId],
      ),
    evidence: /no project manager named; 1 KPI\(s\) without an owner: "User satisfaction"/,
  },
  {
    rule: 'action_overdue',
    breakIt: (p, ctx, org) =>
      ctx.db.query(
        `INSERT INTO actions (organisation_id, programme_id, project_id, title, parent_type, parent_id, owner_person_id, due_on) VALUES ($1, $2, $3, 'Book user research', 'status_report', gen_random_uuid(), $4, $5)`,
        [org.id, p.programmeId, p.projectId, p.ownerId, day(-3)],
      ),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE actions SET status = 'done', closed_at = now() WHERE project_id = $1`, [p.projectId]),
    evidence: /1 open action\(s\) past their due date; oldest "Book user research" due \d{4}-\d{2}-\d{2} \(3 days ago\)/,
  },
  {
    rule: 'high_risk_without_action',
    breakIt: (p, ctx, org) =>
      ctx.db.query(
        `INSERT INTO risks (organisation_id, programme_id, project_id, title, likelihood, impact, proximity, owner_person_id) VALUES ($1, $2, $3, 'Supplier exits market', 4, 4, 'imminent', $4), ($1, $2, $3, 'Minor delay', 2, 3, 'imminent', $4)`,
        [org.id, p.programmeId, p.projectId, p.ownerId],
      ),
    fixIt: (p, ctx, org) =>
      ctx.db.query(
        `INSERT INTO actions (organisation_id, programme_id, project_id, title, parent_type, parent_id, owner_person_id, due_on)
         SELECT organisation_id, programme_id, project_id, 'Second supplier', 'risk', id, owner_person_id, $2 FROM risks WHERE project_id = $1 AND title = 'Supplier exits market'`,
        [p.projectId, day(30)],
      ),
    evidence: /1 open risk\(s\) scoring 15 or more with no open action: "Supplier exits market" \(score 16\)/,
  },
  {
    rule: 'dependency_late',
    breakIt: (p, ctx, org) =>
      ctx.db.query(
        `INSERT INTO dependencies (organisation_id, programme_id, project_id, title, external_party, need_by, owner_person_id) VALUES ($1, $2, $3, 'Address data feed', 'Ordnance Survey', $4, $5)`,
        [org.id, p.programmeId, p.projectId, day(-2), p.ownerId],
      ),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE dependencies SET status = 'met' WHERE project_id = $1`, [p.projectId]),
    evidence: /1 dependenc\(ies\) past their need-by date and not met: "Address data feed" needed by \d{4}-\d{2}-\d{2}/,
  },
  {
    rule: 'report_unapproved',
    breakIt: (p, ctx) => ctx.db.query(`UPDATE status_reports SET state = 'submitted', approved_at = NULL, sent_for_approval_at = now() - interval '10 days' WHERE project_id = $1`, [p.projectId]),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE status_reports SET state = 'approved', approved_at = now() WHERE project_id = $1`, [p.projectId]),
    evidence: /^the \d{4}-\d{2} report was submitted on \d{4}-\d{2}-\d{2}, 10 days ago, and is not yet approved; threshold 7 days$/,
  },
  {
    rule: 'capability_dependency',
    // 80,000 of 100,000 on contractors and consultancy on a beta service, with the last knowledge transfer 120 days ago.
    breakIt: async (p, ctx, org) => {
      await insertSpendEntry(ctx.db, org.id, p.projectId, day(-40), '50000.00', 'contractors');
      await insertSpendEntry(ctx.db, org.id, p.projectId, day(-30), '30000.00', 'consultancy');
      await insertSpendEntry(ctx.db, org.id, p.projectId, day(-30), '20000.00', 'staff');
      await insertKnowledgeTransfer(ctx.db, org.id, p.projectId, day(-120));
    },
    fixIt: (p, ctx, org) => insertKnowledgeTransfer(ctx.db, org.id, p.projectId, day(-3), 'handover'),
    evidence: /80\.0% of staff and outside-expertise spend in the 12 months to \d{4}-\d{2}-\d{2} went to contractors and consultancy \(£80,000\.00 of £100,000\.00\) on a beta service; threshold 50%; last knowledge transfer \(pairing\) \d{4}-\d{2}-\d{2}, 120 days ago; expected within 90 days/,
  },
  {
    rule: 'milestone_slipped',
    breakIt: (p, ctx, org) => insertMilestone(ctx.db, org.id, p.projectId, p.ownerId, { title: 'Go live', baselineDate: day(30), forecastDate: day(75) }),
    fixIt: async (p, ctx, org) => {
      const [m] = (await ctx.db.query(`SELECT id FROM milestones WHERE project_id = $1`, [p.projectId])).rows;
      await insertRebaseline(ctx.db, org.id, m.id, await insertMadeDecision(ctx.db, org.id, p.projectId, p.ownerId), day(75));
    },
    evidence: /^1 milestone\(s\) forecast more than 30 days after their baseline with no decision to re-baseline: "Go live" baseline \d{4}-\d{2}-\d{2}, forecast \d{4}-\d{2}-\d{2} \(45 days late\)$/,
  },
  {
    rule: 'benefit_unmeasured',
    breakIt: (p, ctx, org) => insertBenefit(ctx.db, org.id, p.projectId, p.ownerId, { title: 'Staff time saved', kind: 'non_cash_releasing' }),
    fixIt: async (p, ctx, org) => {
      const [b] = (await ctx.db.query(`SELECT id FROM benefits WHERE project_id = $1`, [p.projectId])).rows;
      await linkBenefitKpi(ctx.db, org.id, b.id, p.kpiId);
    },
    evidence: /^1 benefit\(s\) with no measurable KPI linked: "Staff time saved" \(0 KPI\(s\) linked, none measurable\)$/,
  },
  {
    rule: 'benefits_behind_plan',
    breakIt: (p, ctx, org) => insertBenefit(ctx.db, org.id, p.projectId, p.ownerId, { title: 'Fewer calls', kpiIds: [p.kpiId], profile: { [currentFinancialYear()]: '120000.00' } }),
    fixIt: async (p, ctx, org) => {
      const [b] = (await ctx.db.query(`SELECT id FROM benefits WHERE project_id = $1`, [p.projectId])).rows;
      await insertRealisation(ctx.db, org.id, b.id, thisPeriod(), '120000.00');
    },
    evidence: /^1 benefit\(s\) realised more than 10% below plan to \d{4}-\d{2}: "Fewer calls" realised £0\.00 of £[\d,]+\.\d{2} planned \(100\.0% behind\)$/,
  },
  {
    rule: 'optimism_gap',
    // Off track: 52 is 6.7% of the way to 80 when half the time has gone. Reported green; evidence amber.
    breakIt: (p, ctx) => ctx.db.query(`UPDATE kpi_measurements SET value = 52 WHERE kpi_id = $1`, [p.kpiId]),
    fixIt: (p, ctx) => ctx.db.query(`UPDATE kpi_measurements SET value = 70 WHERE kpi_id = $1`, [p.kpiId]),
    evidence: /reported green for \d{4}-\d{2} while the evidence says amber \(2 steps worse\): 1 of 1 measurable KPI\(s\) off track/,
  },
];

describe('governance rules', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let scan: () => Promise<unknown>;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    const scans = ctx.app.get(ScanService);
    scan = () => ctx.app.get(Db).system((m) => scans.scanWithin(m, org.id, null, new Date()));
  });
  afterAll(() => ctx.close());

  const openFlags = async (projectId: string, programmeId?: string) =>
    (
      await ctx.db.query(`SELECT rule, evidence, status FROM flags WHERE (project_id = $1 OR (project_id IS NULL AND programme_id = $2)) AND status <> 'resolved' ORDER BY rule`, [
        projectId,
        programmeId ?? null,
      ])
    ).rows as { rule: string; evidence: string }[];

  it('raises nothing for a project that satisfies every rule', async () => {
    const healthy = await insertHealthyProject(ctx.db, org.id);
    await scan();
    expect(await openFlags(healthy.projectId, healthy.programmeId)).toEqual([]);
  });

  it.each(CASES.map((c) => [c.rule, c] as const))('%s: flags a project that breaks it, with readable evidence, and resolves when fixed', async (rule, c) => {
    const project = await insertHealthyProject(ctx.db, org.id, c.phase);
    const bystander = await insertHealthyProject(ctx.db, org.id, c.phase);
    await c.breakIt(project, ctx, org);
    await scan();
    const flags = await openFlags(project.projectId, project.programmeId);
    const flag = flags.find((f) => f.rule === rule);
    expect(flag).toBeDefined();
    expect(flag?.evidence).toMatch(c.evidence);
    expect(await openFlags(bystander.projectId, bystander.programmeId)).toEqual([]);

    await c.fixIt(project, ctx, org);
    await scan();
    expect((await openFlags(project.projectId, project.programmeId)).map((f) => f.rule)).not.toContain(rule);
    const resolved = await ctx.db.query(`SELECT resolved_at FROM flags WHERE subject_id IN ($1, $2) AND rule = $3 AND status = 'resolved'`, [project.projectId, project.programmeId, rule]);
    expect(resolved.rows).toHaveLength(c.subjects ?? 1);
    const history = await ctx.db.query(
      `SELECT e.kind FROM flag_events e JOIN flags f ON f.id = e.flag_id WHERE f.subject_id IN ($1, $2) AND f.rule = $3 ORDER BY e.seq`,
      [project.projectId, project.programmeId, rule],
    );
    expect(history.rows.map((r) => r.kind).sort()).toEqual([...Array(c.subjects ?? 1).fill('raised'), ...Array(c.subjects ?? 1).fill('resolved')]);
  });

  it('flags a programme without an SRO, and not once it has one', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`DELETE FROM owners WHERE subject_id = $1`, [project.programmeId]);
    await scan();
    const [flag] = (await ctx.db.query(`SELECT subject_type, evidence FROM flags WHERE subject_id = $1 AND rule = 'no_owner' AND status <> 'resolved'`, [project.programmeId])).rows;
    expect(flag).toMatchObject({ subject_type: 'programme' });
    expect(flag.evidence).toMatch(/has no senior responsible owner \(SRO\) named/);
    await ctx.db.query(`INSERT INTO owners (organisation_id, subject_type, subject_id, programme_id, person_id) VALUES ($1, 'programme', $2, $2, $3)`, [org.id, project.programmeId, project.ownerId]);
    await scan();
    expect((await ctx.db.query(`SELECT 1 FROM flags WHERE subject_id = $1 AND rule = 'no_owner' AND status <> 'resolved'`, [project.programmeId])).rows).toEqual([]);
  });

  it('counts a flag whose acceptance has lapsed as open again at the next scan, and says so', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [project.projectId]);
    await scan();
    const [flag] = (await ctx.db.query(`SELECT id FROM flags WHERE project_id = $1 AND rule = 'no_user_need' AND status = 'open'`, [project.projectId])).rows;
    await ctx.as(org.adminToken).post(`/v1/flags/${flag.id}/accept`).send({ until: day(0), reason: 'user research booked' }).expect(200);
    await scan();
    // Still within the day it was accepted until: accepted, not counted as open.
    expect((await ctx.db.query(`SELECT status FROM flags WHERE id = $1`, [flag.id])).rows[0].status).toBe('accepted');
    const doc = async () => {
      const stored = (await ctx.db.query(`SELECT doc FROM project_evidence WHERE project_id = $1`, [project.projectId])).rows[0].doc;
      return (typeof stored === 'string' ? JSON.parse(stored) : stored).openFlags;
    };
    expect(await doc()).toMatchObject({ accepted: 1 });
    // The day passes: the acceptance lapses at the next scan.
    await ctx.db.query(`UPDATE flags SET accepted_until = $2 WHERE id = $1`, [flag.id, day(-1)]);
    await scan();
    expect((await ctx.db.query(`SELECT status FROM flags WHERE id = $1`, [flag.id])).rows[0].status).toBe('open');
    expect(await doc()).toMatchObject({ accepted: 0 });
    const kinds = (await ctx.db.query(`SELECT kind, note FROM flag_events WHERE flag_id = $1 ORDER BY seq`, [flag.id])).rows;
    expect(kinds.map((k) => k.kind)).toEqual(['raised', 'accepted', 'lapsed']);
    expect(kinds[2].note).toMatch(/has lapsed; the flag is open again/);
    const view = (await ctx.as(org.adminToken).get(`/v1/flags/${flag.id}`).expect(200)).body;
    expect(view.acceptance).toMatchObject({ reason: 'user research booked', lapsed: true });
  });

  it('is idempotent: scanning twice gives the same flags, refreshed not duplicated', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [project.projectId]);
    await scan();
    const first = await ctx.db.query(`SELECT id, rule, first_raised_at, last_seen_at FROM flags WHERE project_id = $1 ORDER BY rule`, [project.projectId]);
    await scan();
    const second = await ctx.db.query(`SELECT id, rule, first_raised_at, last_seen_at FROM flags WHERE project_id = $1 ORDER BY rule`, [project.projectId]);
    expect(second.rows.map((r) => [r.id, r.rule])).toEqual(first.rows.map((r) => [r.id, r.rule]));
    // Unchanged evidence is not rewritten; the organisation's scan mark says the flag was seen again.
    expect(second.rows[0].last_seen_at.getTime()).toBe(first.rows[0].last_seen_at.getTime());
    const [mark] = (await ctx.db.query(`SELECT scanned_at FROM organisation_scan_marks WHERE organisation_id = $1`, [org.id])).rows;
    expect(mark.scanned_at.getTime()).toBeGreaterThan(first.rows[0].last_seen_at.getTime());
    const dupes = await ctx.db.query(`SELECT rule, subject_id FROM flags WHERE status <> 'resolved' GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(dupes.rows).toEqual([]);
  });

  // The rating's reason names the derived flags open beside it, the optimism gap among them: one scan
  // raises or resolves the gap and names it as it leaves it, so a second scan has nothing to change.
  it('names the optimism gap it raises or resolves in the rating of the same scan', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    const state = async () => {
      const [rating] = (await ctx.db.query(`SELECT inputs, computed_at FROM project_ratings WHERE project_id = $1`, [project.projectId])).rows;
      const [row] = (await ctx.db.query(`SELECT doc, evidence_as_of FROM project_evidence WHERE project_id = $1`, [project.projectId])).rows;
      const flags = (await ctx.db.query(`SELECT rule, evidence, last_seen_at FROM flags WHERE project_id = $1 AND status <> 'resolved' ORDER BY rule`, [project.projectId])).rows;
      const reason = (rating.inputs as { input: string; detail: string }[]).find((i) => i.input === 'criticalFlags')?.detail;
      return { reason, rating, row, flags };
    };
    await ctx.db.query(`UPDATE kpi_measurements SET value = 52 WHERE kpi_id = $1`, [project.kpiId]);
    await scan();
    const first = await state();
    expect(first.flags.map((f) => f.rule)).toEqual(['optimism_gap']);
    expect(first.reason).toBe('no open critical flags on other causes (also open, and already reflected above or derived from this rating: optimism_gap)');
    await scan();
    const second = await state();
    expect(second.rating.computed_at.getTime()).toBe(first.rating.computed_at.getTime());
    expect(second.row.evidence_as_of.getTime()).toBe(first.row.evidence_as_of.getTime());
    expect(second.flags).toEqual(first.flags);
    await ctx.db.query(`UPDATE kpi_measurements SET value = 70 WHERE kpi_id = $1`, [project.kpiId]);
    await scan();
    const fixed = await state();
    expect(fixed.flags).toEqual([]);
    expect(fixed.reason).toBe('no open critical flags on other causes');
  });

  // A release may change a rule's severity: the scan that refreshes an open flag to it counts the
  // flags again, so the read model's counts follow (new evidence text alone does not recount them).
  it('recounts open flags when a refresh changes only a flag severity', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE kpi_measurements SET value = 52 WHERE kpi_id = $1`, [project.kpiId]);
    await scan();
    const counts = async () => {
      const stored = (await ctx.db.query(`SELECT doc FROM project_evidence WHERE project_id = $1`, [project.projectId])).rows[0].doc;
      const { critical, warning, info } = (typeof stored === 'string' ? JSON.parse(stored) : stored).openFlags;
      return { critical, warning, info };
    };
    const [gap] = (await ctx.db.query(`SELECT id, severity FROM flags WHERE project_id = $1 AND rule = 'optimism_gap' AND status = 'open'`, [project.projectId])).rows;
    const before = await counts();
    expect(before[gap.severity as 'critical']).toBe(1);
    const other = gap.severity === 'info' ? 'warning' : 'info';
    await ctx.db.query(`UPDATE flags SET severity = $2 WHERE id = $1`, [gap.id, other]);
    await scan();
    expect((await ctx.db.query(`SELECT severity FROM flags WHERE id = $1`, [gap.id])).rows[0].severity).toBe(gap.severity);
    expect(await counts()).toEqual(before);
  });

  it('lets the database refuse a second unresolved flag for the same subject and rule', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    const insert = () =>
      ctx.db.query(
        `INSERT INTO flags (organisation_id, subject_type, subject_id, project_id, programme_id, rule, severity, evidence, first_raised_at, last_seen_at)
         VALUES ($1, 'project', $2, $2, $3, 'no_user_need', 'warning', 'x', now(), now())`,
        [org.id, project.projectId, project.programmeId],
      );
    await insert();
    await expect(insert()).rejects.toThrow(/uq_flags_unresolved_subject_rule/);
  });

  it('expects a report only from projects that started before the current period', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`ALTER TABLE status_reports DISABLE TRIGGER trg_status_reports_no_delete; DELETE FROM status_reports WHERE project_id = '${project.projectId}'; ALTER TABLE status_reports ENABLE TRIGGER trg_status_reports_no_delete`);
    await ctx.db.query(`UPDATE projects SET start_date = $2 WHERE id = $1`, [project.projectId, day(0)]);
    await scan();
    expect((await openFlags(project.projectId)).map((f) => f.rule)).not.toContain('status_report_overdue');
    await ctx.db.query(`UPDATE projects SET start_date = $2 WHERE id = $1`, [project.projectId, day(-90)]);
    await scan();
    expect((await openFlags(project.projectId)).map((f) => f.rule)).toContain('status_report_overdue');
  });

  it('counts a submitted report as reported for the overdue rule, never a draft; flags one awaiting approval only past the threshold', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE status_reports SET state = 'draft', approved_at = NULL, sent_for_approval_at = NULL WHERE project_id = $1`, [project.projectId]);
    await scan();
    let rules = (await openFlags(project.projectId)).map((f) => f.rule);
    expect(rules).toContain('status_report_overdue');
    expect(rules).not.toContain('report_unapproved');
    await ctx.db.query(`UPDATE status_reports SET state = 'submitted', sent_for_approval_at = now() - interval '6 days' WHERE project_id = $1`, [project.projectId]);
    await scan();
    rules = (await openFlags(project.projectId)).map((f) => f.rule);
    expect(rules).not.toContain('status_report_overdue');
    expect(rules).not.toContain('report_unapproved');
    await ctx.db.query(`UPDATE organisations SET settings = jsonb_set(settings, '{governance}', coalesce(settings->'governance', '{}') || '{"reportApprovalDays": 5}') WHERE id = $1`, [org.id]);
    await scan();
    expect((await openFlags(project.projectId)).find((f) => f.rule === 'report_unapproved')?.evidence).toMatch(/6 days ago, and is not yet approved; threshold 5 days/);
    await ctx.db.query(`UPDATE organisations SET settings = settings #- '{governance,reportApprovalDays}' WHERE id = $1`, [org.id]);
  });

  it('capability_dependency: leaves alone a discovery project and a live one mostly staffed in house', async () => {
    const discovery = await insertHealthyProject(ctx.db, org.id, 'discovery');
    const live = await insertHealthyProject(ctx.db, org.id, 'live');
    await insertSpendEntry(ctx.db, org.id, discovery.projectId, day(-10), '90000.00', 'contractors');
    await insertSpendEntry(ctx.db, org.id, live.projectId, day(-10), '40000.00', 'consultancy');
    await insertSpendEntry(ctx.db, org.id, live.projectId, day(-10), '60000.00', 'staff');
    // Other cost types (suppliers, licences) are not outside expertise.
    await insertSpendEntry(ctx.db, org.id, live.projectId, day(-10), '500000.00', 'suppliers');
    await scan();
    expect((await openFlags(discovery.projectId)).map((f) => f.rule)).not.toContain('capability_dependency');
    expect((await openFlags(live.projectId)).map((f) => f.rule)).not.toContain('capability_dependency');
    // The threshold is the organisation's: at 30% the live service's 40% is a dependency.
    await ctx.db.query(`UPDATE organisations SET settings = jsonb_build_object('governance', jsonb_build_object('maxOutsideExpertisePct', 30)) WHERE id = $1`, [org.id]);
    try {
      await scan();
      const flag = (await openFlags(live.projectId)).find((f) => f.rule === 'capability_dependency');
      expect(flag?.evidence).toMatch(/40\.0% .*on a live service; threshold 30%; no knowledge-transfer activity on record/);
    } finally {
      await ctx.db.query(`UPDATE organisations SET settings = '{}' WHERE id = $1`, [org.id]);
    }
  });

  it('uses the organisation thresholds', async () => {
    const project = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE engagements SET occurred_on = $2 WHERE id = $1`, [project.engagementId, day(-20)]);
    await ctx.db.query(`UPDATE organisations SET settings = jsonb_build_object('governance', jsonb_build_object('userFeedbackDays', 14)) WHERE id = $1`, [org.id]);
    try {
      await scan();
      const flags = await openFlags(project.projectId);
      expect(flags.find((f) => f.rule === 'no_user_feedback')?.evidence).toMatch(/20 days ago; threshold 14/);
    } finally {
      await ctx.db.query(`UPDATE organisations SET settings = '{}' WHERE id = $1`, [org.id]);
    }
  });
});
