import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { markEvidenceDirty, ScanCounts, ScanService } from '@app/governance';
import { Db } from '@app/platform';
import { TestContext } from '@test/support/test-app';

/**
 * An incremental nightly scan must leave exactly what a full scan leaves. Two organisations get
 * the same random data (each with its own ids, mapped back to one key per row), both are scanned
 * in full, then the same rows are changed in both and the date moves on: one is scanned
 * incrementally, the other in full, and their open flags (rule, subject, severity, status,
 * evidence as stored and as shown, details, acceptances), their flags' history and their read
 * model rows must be identical. Then the date moves again with no write at all.
 */

/** Deterministic random numbers (mulberry32): the same seed gives both organisations the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), chance: (p: number) => next() < p, pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)] };
}
type Rng = ReturnType<typeof random>;

const plusDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** One organisation's ids by key (the same key names the same row in both organisations). */
class Ids {
  private readonly byKey = new Map<string, string>();
  readonly keyOf = new Map<string, string>();
  constructor(readonly organisationId: string) {
    this.keyOf.set(organisationId, 'organisation');
  }
  id(key: string): string {
    let id = this.byKey.get(key);
    if (!id) {
      id = randomUUID();
      this.byKey.set(key, id);
      this.keyOf.set(id, key);
    }
    return id;
  }
  has(key: string): boolean {
    return this.byKey.has(key);
  }
}

interface Shape {
  programmes: number;
  projects: number;
}

/** The organisation's data as of day d0, with dates scattered around every threshold that moves with the calendar. */
async function populate(db: Pool, ids: Ids, seed: number, d0: string, shape: Shape): Promise<void> {
  const rng = random(seed);
  const org = ids.organisationId;
  const q = (sql: string, values: unknown[]) => db.query(sql, values);
  const around = (days: number, spread = 20) => plusDays(d0, days + rng.int(-spread, spread));
  await q(`INSERT INTO strategic_objectives (id, organisation_id, code, title) VALUES ($1, $2, 'OBJ-1', 'Objective')`, [ids.id('objective'), org]);
  for (let p = 0; p < 3; p++) {
    await q(`INSERT INTO people (id, organisation_id, email, name, status, roles) VALUES ($1, $2, $3, $4, 'active', '{viewer}')`, [ids.id(`person:${p}`), org, `person${p}.${org.slice(0, 8)}@example.gov.uk`, `Person ${p}`]);
  }
  const person = () => ids.id(`person:${rng.int(0, 2)}`);
  for (let g = 0; g < shape.programmes; g++) {
    const programme = ids.id(`programme:${g}`);
    await q(`INSERT INTO programmes (id, organisation_id, code, name, objective_id) VALUES ($1, $2, $3, $4, $5)`, [programme, org, `PG-${g}`, `Programme ${g}`, rng.chance(0.8) ? ids.id('objective') : null]);
    if (rng.chance(0.8)) await q(`INSERT INTO owners (organisation_id, subject_type, subject_id, programme_id, person_id) VALUES ($1, 'programme', $2, $2, $3)`, [org, programme, person()]);
    // Programme-level records: an action falling due, a late dependency, a high risk.
    const risk = ids.id(`risk:${g}`);
    await q(`INSERT INTO risks (id, organisation_id, programme_id, title, likelihood, impact, proximity, owner_person_id) VALUES ($1, $2, $3, $4, $5, 4, 'imminent', $6)`, [risk, org, programme, `Risk ${g}`, rng.int(3, 5), person()]);
    if (rng.chance(0.6))
      await q(`INSERT INTO actions (id, organisation_id, programme_id, title, parent_type, parent_id, owner_person_id, due_on) VALUES ($1, $2, $3, $4, 'risk', $5, $6, $7)`, [ids.id(`action:${g}`), org, programme, `Action ${g}`, risk, person(), around(3, 5)]);
    if (rng.chance(0.5))
      await q(`INSERT INTO dependencies (id, organisation_id, programme_id, title, need_by, owner_person_id, external_party) VALUES ($1, $2, $3, $4, $5, $6, 'Supplier')`, [ids.id(`dependency:${g}`), org, programme, `Dependency ${g}`, around(3, 5), person()]);
    for (let i = 0; i < shape.projects; i++) {
      const key = `${g}:${i}`;
      const project = ids.id(`project:${key}`);
      const phase = rng.pick(['alpha', 'beta', 'live', 'live']);
      await q(`INSERT INTO projects (id, organisation_id, programme_id, code, name, phase, user_need, start_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        project, org, programme, `P-${key}`, `Project ${key}`, phase, rng.chance(0.9) ? 'People need to renew a licence online' : null, plusDays(d0, -400),
      ]);
      if (rng.chance(0.8)) await q(`INSERT INTO owners (organisation_id, subject_type, subject_id, programme_id, project_id, person_id) VALUES ($1, 'project', $2, $3, $2, $4)`, [org, project, programme, person()]);
      for (let k = 0; k < rng.int(1, 3); k++) {
        const kpi = ids.id(`kpi:${key}:${k}`);
        const frequency = rng.chance(0.7) ? 'monthly' : 'quarterly';
        const measurable = rng.chance(0.85);
        const baselineOn = plusDays(d0, -rng.int(60, 400));
        const targetOn = plusDays(d0, rng.int(5, 300));
        await q(
          `INSERT INTO kpis (id, organisation_id, project_id, name, kind, unit, direction, baseline_value, baseline_date, target_value, target_date, tolerance_pct, frequency)
           VALUES ($1, $2, $3, $4, 'custom', $5, 'increase', 20, $6, 80, $7, $8, $9)`,
          [kpi, org, project, `KPI ${k}`, measurable ? '%' : null, baselineOn, targetOn, rng.int(2, 10), frequency],
        );
        if (rng.chance(0.7)) await q(`INSERT INTO owners (organisation_id, subject_type, subject_id, programme_id, project_id, kpi_id, person_id) VALUES ($1, 'kpi', $2, $3, $4, $2, $5)`, [org, kpi, programme, project, person()]);
        // Readings: the latest near the day it goes stale, valued near the line so the status turns within days.
        const span = (Date.parse(targetOn) - Date.parse(baselineOn)) / 86_400_000;
        const expected = Math.min(1, (Date.parse(d0) - Date.parse(baselineOn)) / 86_400_000 / span);
        const readings = rng.int(0, 3);
        for (let r = 0; r < readings; r++) {
          const on = r === readings - 1 ? around(-(frequency === 'monthly' ? 46 : 107), 6) : plusDays(d0, -rng.int(120, 300));
          const value = (20 + 60 * Math.max(0, expected + (rng.next() - 0.6) * 0.1)).toFixed(2);
          await q(`INSERT INTO kpi_measurements (organisation_id, kpi_id, measured_on, value) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [org, kpi, on, value]);
        }
        // Now and then a reading dated ahead, visible only from its day.
        if (rng.chance(0.15)) await q(`INSERT INTO kpi_measurements (organisation_id, kpi_id, measured_on, value) VALUES ($1, $2, $3, 75) ON CONFLICT DO NOTHING`, [org, kpi, plusDays(d0, rng.int(1, 6))]);
      }
      const external = ids.id(`group:${key}:external`);
      const internal = ids.id(`group:${key}:internal`);
      await q(`INSERT INTO stakeholder_groups (id, organisation_id, project_id, name, kind, internal, size) VALUES ($1, $2, $3, 'Residents', 'citizens', false, 100)`, [external, org, project]);
      await q(`INSERT INTO stakeholder_groups (id, organisation_id, project_id, name, kind, internal, size) VALUES ($1, $2, $3, 'Frontline staff', 'frontline_staff', true, 100)`, [internal, org, project]);
      const engagement = (n: number, on: string, acted: boolean) =>
        q(
          `INSERT INTO engagements (id, organisation_id, project_id, group_id, kind, occurred_on, participants, findings, actions_taken, actions_recorded_at)
           VALUES ($1, $2, $3, $4, 'survey', $5, 10, 'Findings', $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END)`,
          [ids.id(`engagement:${key}:${n}`), org, project, external, on, acted ? 'Acted on it' : null],
        );
      if (rng.chance(0.9)) await engagement(0, around(-90), rng.chance(0.6));
      if (rng.chance(0.6)) await engagement(1, around(-30), rng.chance(0.4));
      if (rng.chance(0.1)) await engagement(2, plusDays(d0, rng.int(1, 6)), true);
      if (rng.chance(0.9)) {
        const supportive = rng.int(40, 80);
        await q(`INSERT INTO buy_in_readings (organisation_id, project_id, group_id, surveyed_on, respondents, supportive_pct, neutral_pct, opposed_pct) VALUES ($1, $2, $3, $4, 20, $5, 10, $6)`, [
          org, project, internal, around(-180), supportive, 90 - supportive,
        ]);
      }
      if (rng.chance(0.8))
        await q(`INSERT INTO training_records (organisation_id, project_id, group_id, recorded_on, staff_in_scope, staff_trained) VALUES ($1, $2, $3, $4, 100, $5)`, [
          org, project, internal, rng.chance(0.2) ? plusDays(d0, rng.int(1, 6)) : around(-20), rng.int(40, 90),
        ]);
      await q(`INSERT INTO budgets (organisation_id, project_id, financial_year, category, amount) VALUES ($1, $2, '2026-27', 'resource', 100000)`, [org, project]);
      await q(`INSERT INTO spend_totals (organisation_id, project_id, financial_year, category, total, sme_total, entry_count) VALUES ($1, $2, '2026-27', 'resource', $3, 0, 1)`, [
        org, project, rng.int(60, 120) * 1000,
      ]);
      if (phase !== 'alpha') {
        // Outside expertise a year ago (leaving the rolling twelve months within days) and staff since.
        const entry = (on: string, amount: number, costType: string) =>
          q(`INSERT INTO spend_entries (organisation_id, project_id, financial_year, spent_on, amount, category, cost_type, supplier, source) VALUES ($1, $2, $3, $4, $5, 'resource', $6, 'Supplier', 'api')`, [
            org, project, on >= '2026-04-01' ? '2026-27' : '2025-26', on, amount, costType,
          ]);
        await entry(around(-362, 5), rng.int(10, 60) * 1000, rng.pick(['contractors', 'consultancy']));
        await entry(plusDays(d0, -rng.int(30, 200)), rng.int(5, 40) * 1000, rng.pick(['contractors', 'staff']));
        if (rng.chance(0.7))
          await q(`INSERT INTO knowledge_transfers (organisation_id, project_id, kind, occurred_on, permanent_staff, description, evidence) VALUES ($1, $2, 'pairing', $3, 2, 'Pairing', 'Notes')`, [org, project, around(-90)]);
      }
      // The last closed period's report, approved or still awaiting approval (sent around the threshold).
      const waiting = rng.chance(0.3);
      await q(
        `INSERT INTO status_reports (id, organisation_id, subject_type, project_id, period, overall, schedule, cost, scope, benefits, risk, resourcing, reported_by, narrative, state, submitted_at, sent_for_approval_at, approved_at)
         VALUES ($1, $2, 'project', $3, $4, $5, 'green', 'green', 'green', 'green', 'green', 'green', 'PMO', 'Progress as planned', $6::varchar, $7::date + time '12:00', $7::date + time '12:00', CASE WHEN $6::varchar = 'approved' THEN now() END)`,
        [ids.id(`report:${key}`), org, project, plusDays(d0, -20).slice(0, 7), rng.chance(0.7) ? 'green' : 'amber_green', waiting ? 'submitted' : 'approved', around(-7, 4)],
      );
      if (rng.chance(0.4)) {
        const projectRisk = ids.id(`risk:${key}`);
        await q(`INSERT INTO risks (id, organisation_id, programme_id, project_id, title, likelihood, impact, proximity, owner_person_id) VALUES ($1, $2, $3, $4, $5, 4, 4, 'imminent', $6)`, [projectRisk, org, programme, project, `Risk ${key}`, person()]);
        await q(`INSERT INTO actions (id, organisation_id, programme_id, project_id, title, parent_type, parent_id, owner_person_id, due_on) VALUES ($1, $2, $3, $4, $5, 'risk', $6, $7, $8)`, [
          ids.id(`action:${key}`), org, programme, project, `Action ${key}`, projectRisk, person(), around(2, 4),
        ]);
      }
      if (rng.chance(0.3))
        await q(`INSERT INTO dependencies (id, organisation_id, programme_id, project_id, title, need_by, owner_person_id, external_party) VALUES ($1, $2, $3, $4, $5, $6, $7, 'Supplier')`, [
          ids.id(`dependency:${key}`), org, programme, project, `Dependency ${key}`, around(2, 4), person(),
        ]);
    }
  }
}

/** Flags in a stable order that does not depend on the organisation's ids: rule, then the subject's key. */
async function flagsByKey(db: Pool, ids: Ids): Promise<{ id: string; key: string }[]> {
  const rows = (await db.query(`SELECT id, rule, subject_id FROM flags WHERE organisation_id = $1 AND status <> 'resolved'`, [ids.organisationId])).rows as { id: string; rule: string; subject_id: string }[];
  return rows.map((r) => ({ id: r.id, key: `${r.rule}|${ids.keyOf.get(r.subject_id)}` })).sort((a, b) => a.key.localeCompare(b.key));
}

/** Acknowledges and accepts some open flags (accepted until around d1), marking their subjects as the service does. */
async function reviewFlags(db: Pool, ids: Ids, seed: number, d0: string): Promise<void> {
  const rng = random(seed * 7 + 1);
  for (const flag of await flagsByKey(db, ids)) {
    const roll = rng.next();
    if (roll < 0.15) {
      await db.query(`UPDATE flags SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = 'Board', acknowledgement_note = 'Seen', version = version + 1 WHERE id = $1`, [flag.id]);
    } else if (roll < 0.3) {
      await db.query(
        `UPDATE flags SET status = 'accepted', accepted_at = now(), accepted_by = 'Board', acceptance_reason = 'Known', accepted_until = $2, version = version + 1 WHERE id = $1`,
        [flag.id, plusDays(d0, rng.int(-1, 6))],
      );
    } else continue;
    const [{ subject_type, subject_id }] = (await db.query(`SELECT subject_type, subject_id FROM flags WHERE id = $1`, [flag.id])).rows;
    await markEvidenceDirty(db as never, ids.organisationId, subject_type, subject_id);
  }
}

/** Writes between the scans, the same in both organisations: each marks its project through the triggers. */
async function mutate(db: Pool, ids: Ids, seed: number, d1: string, shape: Shape): Promise<void> {
  const rng = random(seed * 13 + 5);
  const org = ids.organisationId;
  for (let g = 0; g < shape.programmes; g++) {
    for (let i = 0; i < shape.projects; i++) {
      const key = `${g}:${i}`;
      const project = ids.id(`project:${key}`);
      // About half the projects are written to.
      const what = rng.int(0, 21);
      if (what === 0 && ids.has(`kpi:${key}:0`)) await db.query(`INSERT INTO kpi_measurements (organisation_id, kpi_id, measured_on, value) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [org, ids.id(`kpi:${key}:0`), plusDays(d1, -1), rng.int(20, 80)]);
      else if (what === 1) await db.query(`UPDATE engagements SET actions_taken = 'Done now', actions_recorded_at = now() WHERE organisation_id = $1 AND project_id = $2 AND actions_taken IS NULL`, [org, project]);
      else if (what === 2) await db.query(`UPDATE spend_totals SET total = total + 30000 WHERE organisation_id = $1 AND project_id = $2`, [org, project]);
      else if (what === 3) await db.query(`UPDATE actions SET status = 'done' WHERE organisation_id = $1 AND project_id = $2`, [org, project]);
      else if (what === 4) await db.query(`UPDATE projects SET user_need = CASE WHEN user_need IS NULL THEN 'A need' END WHERE id = $1`, [project]);
      else if (what === 5) await db.query(`UPDATE status_reports SET state = 'approved', approved_at = now() WHERE organisation_id = $1 AND project_id = $2`, [org, project]);
      else if (what === 6) await db.query(`INSERT INTO knowledge_transfers (organisation_id, project_id, kind, occurred_on, permanent_staff, description, evidence) VALUES ($1, $2, 'handover', $3, 1, 'Handover', 'Notes')`, [org, project, plusDays(d1, -2)]);
      else if (what === 7) await db.query(`DELETE FROM owners WHERE organisation_id = $1 AND subject_type = 'project' AND subject_id = $2`, [org, project]);
      else if (what === 8) await db.query(`UPDATE dependencies SET status = 'met' WHERE organisation_id = $1 AND project_id = $2`, [org, project]);
      else if (what === 9)
        await db.query(`INSERT INTO commitments (organisation_id, project_id, kind, order_number, supplier, category, cost_type, financial_year, committed_on, amount) VALUES ($1, $2, 'purchase_order', $3, 'Supplier', 'resource', 'suppliers', '2026-27', $4, 50000)`, [
          org, project, `PO-${key}`, plusDays(d1, -1),
        ]);
      else if (what === 10) await db.query(`UPDATE projects SET status = 'paused' WHERE id = $1`, [project]);
    }
    if (rng.chance(0.3)) await db.query(`UPDATE actions SET status = 'done' WHERE organisation_id = $1 AND programme_id = $2 AND project_id IS NULL`, [org, ids.id(`programme:${g}`)]);
  }
}

/** Everything a scan leaves, with every id replaced by its key, so two organisations can be compared. */
async function outcome(db: Pool, ids: Ids, day: string) {
  const rows = async (sql: string) => (await db.query(sql, [ids.organisationId, day])).rows;
  const state = {
    flags: await rows(
      `SELECT f.rule, f.subject_type, f.subject_id, f.project_id, f.programme_id, f.severity, f.status, f.evidence, flag_evidence_as_of(f.evidence, $2::date) AS shown,
              f.details, f.accepted_until::text, f.acknowledged_at IS NOT NULL AS acknowledged,
              (SELECT array_agg(e.kind ORDER BY e.kind) FROM flag_events e WHERE e.flag_id = f.id) AS history
         FROM flags f WHERE f.organisation_id = $1 AND f.status <> 'resolved'`,
    ),
    resolved: await rows(`SELECT f.rule, f.subject_id, (SELECT array_agg(e.kind ORDER BY e.kind) FROM flag_events e WHERE e.flag_id = f.id) AS history FROM flags f WHERE f.organisation_id = $1 AND f.status = 'resolved' AND $2::date IS NOT NULL`),
    projects: await rows(
      `SELECT project_id, programme_id, code, period, rating, rating_step, reported, optimism_gap, optimism_flagged, critical_flags, kpis_off_track, over_budget, inputs, flags_by_rule, doc::jsonb AS doc
         FROM project_evidence WHERE organisation_id = $1 AND $2::date IS NOT NULL`,
    ),
    programmes: await rows(
      `SELECT programme_id, code, period, rating, rating_step, reported, optimism_gap, optimism_flagged, critical_flags, flags_by_rule, doc::jsonb AS doc
         FROM programme_evidence WHERE organisation_id = $1 AND $2::date IS NOT NULL`,
    ),
    ratings: await rows(`SELECT project_id, rating, inputs FROM project_ratings WHERE organisation_id = $1 AND $2::date IS NOT NULL`),
  };
  const keyed = (row: unknown) => JSON.stringify(row).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => ids.keyOf.get(id) ?? 'unknown');
  return Object.fromEntries(Object.entries(state).map(([name, list]) => [name, list.map(keyed).sort()]));
}

describe('incremental scans', () => {
  let ctx: TestContext;
  let scans: ScanService;
  const scan = (organisationId: string, day: string, incremental: boolean): Promise<ScanCounts> =>
    ctx.app.get(Db).system((m) => scans.scanWithin(m, organisationId, null, new Date(`${day}T02:00:00Z`), null, incremental ? { incremental: { fullEveryDays: 7 } } : {}));

  beforeAll(async () => {
    ctx = await TestContext.start();
    scans = ctx.app.get(ScanService);
  });
  afterAll(() => ctx.close());

  it.each([[11], [29], [47], [3], [61]])('with seed %i, judges like a full scan after writes and after days without any', async (seed) => {
    const shape: Shape = { programmes: 3, projects: 8 };
    // Within one month and financial year, so the later scans may be incremental.
    const d0 = plusDays('2027-01-04', seed % 4);
    const d1 = plusDays(d0, 1 + (seed % 3));
    const d2 = plusDays(d1, 1);
    const incremental = new Ids((await ctx.newOrganisation()).id);
    const full = new Ids((await ctx.newOrganisation()).id);
    for (const ids of [incremental, full]) {
      await populate(ctx.db, ids, seed, d0, shape);
      expect(await scan(ids.organisationId, d0, true)).toMatchObject({ mode: 'full' });
      await reviewFlags(ctx.db, ids, seed, d0);
      await mutate(ctx.db, ids, seed, d1, shape);
    }
    expect(await outcome(ctx.db, incremental, d0)).toEqual(await outcome(ctx.db, full, d0));

    const next = await scan(incremental.organisationId, d1, true);
    const reference = await scan(full.organisationId, d1, false);
    expect(next.mode).toBe('incremental');
    expect(reference.mode).toBe('full');
    expect(next.projectsEvaluated).toBeGreaterThan(0);
    expect(next.projectsScanned).toBe(reference.projectsScanned);
    expect(await outcome(ctx.db, incremental, d1)).toEqual(await outcome(ctx.db, full, d1));
    expect({ raised: next.raised, resolved: next.resolved }).toEqual({ raised: reference.raised, resolved: reference.resolved });

    // A day on and nothing written: only the calendar moves.
    const later = await scan(incremental.organisationId, d2, true);
    const laterReference = await scan(full.organisationId, d2, false);
    expect(later.mode).toBe('incremental');
    // Some projects were re-judged, not all of them (the data sits near every threshold on purpose).
    expect(later.projectsEvaluated).toBeLessThan(laterReference.projectsEvaluated);
    expect(await outcome(ctx.db, incremental, d2)).toEqual(await outcome(ctx.db, full, d2));
    expect({ raised: later.raised, resolved: later.resolved }).toEqual({ raised: laterReference.raised, resolved: laterReference.resolved });
  });

  it('is full on the first scan, when the settings or the month change, and at least every so many days', async () => {
    const ids = new Ids((await ctx.newOrganisation()).id);
    await populate(ctx.db, ids, 5, '2027-01-10', { programmes: 1, projects: 2 });
    expect((await scan(ids.organisationId, '2027-01-10', true)).mode).toBe('full');
    expect((await scan(ids.organisationId, '2027-01-11', true)).mode).toBe('incremental');
    await ctx.db.query(`UPDATE organisations SET settings = jsonb_build_object('governance', jsonb_build_object('userFeedbackDays', 60)) WHERE id = $1`, [ids.organisationId]);
    expect((await scan(ids.organisationId, '2027-01-12', true)).mode).toBe('full');
    expect((await scan(ids.organisationId, '2027-01-13', true)).mode).toBe('incremental');
    // Seven days after the last full scan.
    expect((await scan(ids.organisationId, '2027-01-19', true)).mode).toBe('full');
    expect((await scan(ids.organisationId, '2027-01-20', true)).mode).toBe('incremental');
    // A new month (the last closed period moves for every project).
    expect((await scan(ids.organisationId, '2027-02-01', true)).mode).toBe('full');
    // Judged as of an earlier day than the last scan.
    expect((await scan(ids.organisationId, '2027-01-31', true)).mode).toBe('full');
    // Without the option (on demand, the worker's refresh of a whole organisation) it is always full.
    expect((await scan(ids.organisationId, '2027-01-31', false)).mode).toBe('full');
  });

  it('brings evidence that counts days to the day it is read, in SQL and in TypeScript alike', async () => {
    const { evidenceAsOf } = await import('@app/governance');
    const texts = [
      '"KPI 0" last measured 2026-11-20 (45 days ago); expected monthly plus 15 days grace; "KPI 1" last measured 2026-10-01 (95 days ago); expected quarterly plus 15 days grace',
      'no engagement with an external group since 2026-10-05, 91 days ago; threshold 90',
      '2 engagement(s) older than 30 days have no actions recorded; oldest 2026-11-30 (35 days ago)',
      'the 2026-12 report was submitted on 2026-12-28, 7 days ago, and is not yet approved; threshold 7 days',
      '62.5% of staff and outside-expertise spend in the 12 months to 2027-01-04 went to contractors and consultancy (£50,000.00 of £80,000.00) on a live service; threshold 50%; last knowledge transfer (pairing) 2026-10-01, 95 days ago; expected within 90 days',
      'no status report for 2026-12, the last closed period; none ever submitted',
    ];
    for (const text of texts) {
      for (const day of ['2027-01-04', '2027-01-09', '2027-03-01']) {
        const [{ shown }] = (await ctx.db.query(`SELECT flag_evidence_as_of($1, $2::date) AS shown`, [text, day])).rows;
        expect(evidenceAsOf(text, day)).toBe(shown);
      }
    }
    expect(evidenceAsOf(texts[1], '2027-01-09')).toBe('no engagement with an external group since 2026-10-05, 96 days ago; threshold 90');
    expect(evidenceAsOf(texts[4], '2027-01-09')).toMatch(/in the 12 months to 2027-01-09 .*2026-10-01, 100 days ago;/);
  });
});
