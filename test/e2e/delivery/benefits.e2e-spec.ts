import { currentFinancialYear, day, HealthyProject, insertHealthyProject, insertPerson } from '@test/support/factories/evidence';
import { insertKpi, insertMeasurements } from '@test/support/factories/kpis';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

/** The period n months before this one, "YYYY-MM". */
const periodAgo = (n: number): string => {
  const d = new Date(`${day(0).slice(0, 7)}-15T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
};
const previousFinancialYear = (): string => {
  const start = Number(currentFinancialYear().slice(0, 4)) - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
};
/** Months of the current financial year (April start) up to the end of a period. */
const monthsIntoYear = (period: string): number => {
  const start = Number(currentFinancialYear().slice(0, 4));
  return Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - (start * 12 + 4) + 1;
};
const pounds = (n: number): string => n.toFixed(2);

describe('benefits register', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let healthy: HealthyProject;
  let savingsKpi: string;
  let objectiveId: string;

  const benefit = (overrides: Record<string, unknown> = {}) => ({
    title: 'Fewer calls to the contact centre', kind: 'cash_releasing', ownerPersonId: healthy.ownerId, objectiveId, baselineValue: '0.00', targetValue: '48000.00', ...overrides,
  });

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['portfolio:write', 'portfolio:read']);
    reader = await ctx.token(org, ['portfolio:read']);
    healthy = await insertHealthyProject(ctx.db, org.id);
    objectiveId = (await ctx.db.query(`SELECT objective_id FROM programmes WHERE id = $1`, [healthy.programmeId])).rows[0].objective_id;
    savingsKpi = (await insertKpi(ctx.db, org.id, healthy.projectId, { name: 'Monthly savings', unit: '£', baselineValue: 0, baselineDate: day(-400), targetValue: 4000, targetDate: day(400) })).id;
  });
  afterAll(() => ctx.close());

  it("realises a benefit from its KPI over three periods, against its profile", async () => {
    // Two financial years planned at £24,000 each: £2,000 a month spread evenly.
    const created = await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/benefits`)
      .send(benefit({ kpiIds: [savingsKpi], realisationKpiId: savingsKpi, profile: [{ financialYear: previousFinancialYear(), planned: '24000.00' }, { financialYear: currentFinancialYear(), planned: '24000.00' }] }))
      .expect(201);
    expect(created.body).toMatchObject({ kind: 'cash_releasing', unit: 'GBP', kpiIds: [savingsKpi], realisationKpiId: savingsKpi, measurableKpis: 1, realised: [] });
    const [p2, p1, p0] = [periodAgo(2), periodAgo(1), periodAgo(0)];
    // The last measurement in a month is that month's realised amount (1,200 then 1,500 in the middle month).
    await insertMeasurements(ctx.db, org.id, savingsKpi, [
      { date: `${p2}-15`, value: 1000 },
      { date: `${p1}-03`, value: 1200 },
      { date: `${p1}-20`, value: 1500 },
      { date: `${p0}-01`, value: 2000 },
    ]);
    const plannedTo = (period: string) => 24000 + 2000 * monthsIntoYear(period);
    const now = (await ctx.as(reader).get(`/v1/benefits/${created.body.id}?period=${p0}`).expect(200)).body;
    expect(now.realised).toEqual([
      { period: p2, amount: '1000.00', source: 'kpi', evidence: null },
      { period: p1, amount: '1500.00', source: 'kpi', evidence: null },
      { period: p0, amount: '2000.00', source: 'kpi', evidence: null },
    ]);
    expect(now.position).toEqual({ plannedTotal: '48000.00', plannedToDate: pounds(plannedTo(p0)), realisedToDate: '4500.00', realisedPctOfPlan: Math.round((4500 * 1000) / plannedTo(p0)) / 10 });
    const before = (await ctx.as(reader).get(`/v1/benefits/${created.body.id}?period=${p1}`).expect(200)).body;
    expect(before.position).toMatchObject({ plannedToDate: pounds(plannedTo(p1)), realisedToDate: '2500.00' });
    // Measured by its KPI: an entered amount is refused.
    const refused = expectProblem(await ctx.as(writer).post(`/v1/benefits/${created.body.id}/realisations`).send({ period: p0, amount: '10.00', evidence: 'x' }), 400);
    expect(refused.errors?.map((e) => e.field)).toEqual(['amount']);
  });

  it('records realised amounts with evidence for a benefit no KPI measures; a second entry for a month supersedes the first', async () => {
    const created = (await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/benefits`).send(benefit({ title: 'Staff hours released', kind: 'non_cash_releasing', kpiIds: [healthy.kpiId] })).expect(201)).body;
    await ctx.as(writer).put(`/v1/benefits/${created.id}/profile`).send({ years: [{ financialYear: currentFinancialYear(), planned: '12000.00' }] }).expect(200);
    await ctx.as(writer).post(`/v1/benefits/${created.id}/realisations`).send({ period: periodAgo(0), amount: '700.00', evidence: 'FR-1' }).expect(201);
    const after = (await ctx.as(writer).post(`/v1/benefits/${created.id}/realisations`).send({ period: periodAgo(0), amount: '900.00', evidence: 'FR-2' }).expect(201)).body;
    expect(after.realised).toEqual([{ period: periodAgo(0), amount: '900.00', source: 'entered', evidence: 'FR-2' }]);
    expect(after.position).toMatchObject({ plannedTotal: '12000.00', realisedToDate: '900.00' });
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [created.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['benefit.created', 'benefit.profile_set', 'benefit.realisation_recorded', 'benefit.realisation_recorded']);
    const changed = (await ctx.as(writer).patch(`/v1/benefits/${created.id}`).set('If-Match', `"${after.version}"`).send({ targetValue: '15000.00', kpiIds: [] }).expect(200)).body;
    expect(changed).toMatchObject({ targetValue: '15000.00', kpiIds: [], measurableKpis: 0 });
  });

  it('adds planned against realised per project, programme and objective; non-monetised benefits are listed, not added', async () => {
    await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/benefits`).send(benefit({ title: 'Residents satisfied', kind: 'non_monetised', unit: 'points', kpiIds: [healthy.kpiId], profile: [{ financialYear: currentFinancialYear(), planned: '10.00' }] })).expect(201);
    const project = (await ctx.as(reader).get(`/v1/projects/${healthy.projectId}/benefits?period=${periodAgo(0)}`).expect(200)).body;
    expect(project.benefits).toHaveLength(3);
    expect(project.totals.plannedTotal).toBe('60000.00');
    expect(project.totals.realisedToDate).toBe('5400.00');
    const programme = (await ctx.as(reader).get(`/v1/programmes/${healthy.programmeId}/benefits?period=${periodAgo(0)}`).expect(200)).body;
    expect(programme.totals).toEqual(project.totals);
    const objective = (await ctx.as(reader).get(`/v1/objectives/${objectiveId}/benefits?period=${periodAgo(0)}`).expect(200)).body;
    expect(objective.totals).toEqual(project.totals);
    const view = (await ctx.as(reader).get(`/v1/objectives/${objectiveId}/delivery?period=${periodAgo(0)}`).expect(200)).body;
    expect(view.programmes.map((g: { id: string }) => g.id)).toEqual([healthy.programmeId]);
    expect(view.kpis.map((k: { id: string }) => k.id).sort()).toEqual([healthy.kpiId, savingsKpi].sort());
    expect(view.benefits.benefits).toHaveLength(3);
    expect(view.realisedPctOfPlannedTotal).toBe(9);
  });

  it('refuses bad input, naming the field, and stores nothing', async () => {
    const bad = expectProblem(await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/benefits`).send(benefit({ kind: 'vibes', targetValue: 12.5, profile: [{ financialYear: '2026', planned: '1' }] })), 400);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['kind', 'profile.0.financialYear', 'targetValue']);
    const unit = expectProblem(await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/benefits`).send(benefit({ title: 'No unit', kind: 'non_monetised' })), 400);
    expect(unit.errors?.map((e) => e.field)).toEqual(['unit']);
    const otherProject = await insertProject(ctx.db, org.id);
    const foreignKpi = (await insertKpi(ctx.db, org.id, otherProject.id)).id;
    const kpi = expectProblem(await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/benefits`).send(benefit({ title: 'Wrong KPI', kpiIds: [foreignKpi] })), 400);
    expect(kpi.errors?.map((e) => e.field)).toEqual(['kpiIds']);
    const year = expectProblem(await ctx.as(writer).post(`/v1/projects/${healthy.projectId}/benefits`).send(benefit({ title: 'Odd year', profile: [{ financialYear: '2026-28', planned: '1.00' }] })), 400);
    expect(year.errors?.map((e) => e.field)).toEqual(['profile.0.financialYear']);
    const rows = await ctx.db.query(`SELECT count(*)::int AS n FROM benefits WHERE title IN ('No unit', 'Wrong KPI', 'Odd year')`);
    expect(rows.rows[0].n).toBe(0);
    const any = (await ctx.db.query(`SELECT id FROM benefits WHERE organisation_id = $1 LIMIT 1`, [org.id])).rows[0].id;
    const future = expectProblem(await ctx.as(writer).post(`/v1/benefits/${any}/realisations`).send({ period: '2026-13', amount: '-1', evidence: '' }), 400);
    expect(future.errors?.map((e) => e.field).sort()).toEqual(['amount', 'evidence', 'period']);
  });

  it('needs the write scope to write and the read scope to read', async () => {
    const id = (await ctx.db.query(`SELECT id FROM benefits WHERE organisation_id = $1 LIMIT 1`, [org.id])).rows[0].id;
    expectProblem(await ctx.as(reader).post(`/v1/projects/${healthy.projectId}/benefits`).send(benefit()), 403);
    expectProblem(await ctx.as(reader).post(`/v1/programmes/${healthy.programmeId}/benefits`).send(benefit()), 403);
    expectProblem(await ctx.as(reader).patch(`/v1/benefits/${id}`).set('If-Match', '"1"').send({ title: 'x' }), 403);
    expectProblem(await ctx.as(reader).put(`/v1/benefits/${id}/profile`).send({ years: [] }), 403);
    expectProblem(await ctx.as(reader).post(`/v1/benefits/${id}/realisations`).send({ period: periodAgo(0), amount: '1.00', evidence: 'x' }), 403);
    const finance = await ctx.token(org, ['finance:write']);
    for (const path of [`/v1/benefits/${id}`, `/v1/projects/${healthy.projectId}/benefits`, `/v1/programmes/${healthy.programmeId}/benefits`, `/v1/objectives/${objectiveId}/benefits`, `/v1/objectives/${objectiveId}/delivery`]) {
      expectProblem(await ctx.as(finance).get(path), 403);
    }
  });

  it("answers another organisation's or a restricted programme's benefits exactly like a random id, and writes nothing there", async () => {
    const theirs = await insertHealthyProject(ctx.db, other.id);
    const created = (await ctx.as(other.adminToken).post(`/v1/projects/${theirs.projectId}/benefits`).send({ ...benefit(), ownerPersonId: theirs.ownerId, objectiveId: null }).expect(201)).body;
    const theirObjective = (await ctx.db.query(`SELECT objective_id FROM programmes WHERE id = $1`, [theirs.programmeId])).rows[0].objective_id;
    const random = await ctx.as(reader).get(`/v1/benefits/${randomUuid()}`);
    expect(expectProblem(await ctx.as(reader).get(`/v1/benefits/${created.id}`), 404).detail).toBe(random.body.detail);
    expectProblem(await ctx.as(writer).patch(`/v1/benefits/${created.id}`).set('If-Match', '"1"').send({ title: 'x' }), 404);
    expectProblem(await ctx.as(writer).put(`/v1/benefits/${created.id}/profile`).send({ years: [] }), 404);
    expectProblem(await ctx.as(writer).post(`/v1/benefits/${created.id}/realisations`).send({ period: periodAgo(0), amount: '1.00', evidence: 'x' }), 404);
    expectProblem(await ctx.as(writer).post(`/v1/projects/${theirs.projectId}/benefits`).send(benefit()), 404);
    expectProblem(await ctx.as(writer).post(`/v1/programmes/${theirs.programmeId}/benefits`).send(benefit()), 404);
    expectProblem(await ctx.as(reader).get(`/v1/projects/${theirs.projectId}/benefits`), 404);
    expectProblem(await ctx.as(reader).get(`/v1/programmes/${theirs.programmeId}/benefits`), 404);
    expectProblem(await ctx.as(reader).get(`/v1/objectives/${theirObjective}/benefits`), 404);
    expectProblem(await ctx.as(reader).get(`/v1/objectives/${theirObjective}/delivery`), 404);
    const rows = await ctx.db.query(`SELECT count(*)::int AS n, max(version) AS v, (SELECT count(*)::int FROM benefit_realisations WHERE organisation_id = $1) AS r FROM benefits WHERE organisation_id = $1`, [other.id]);
    expect(rows.rows[0]).toEqual({ n: 1, v: 1, r: 0 });

    const restricted = await insertProgramme(ctx.db, org.id);
    const hiddenProject = await insertProject(ctx.db, org.id, { programmeId: restricted.id });
    const hidden = (await ctx.as(writer).post(`/v1/projects/${hiddenProject.id}/benefits`).send(benefit({ title: 'Hidden' })).expect(201)).body;
    await ctx.db.query(`INSERT INTO programme_restrictions (organisation_id, programme_id) VALUES ($1, $2)`, [org.id, restricted.id]);
    const outsiderId = await insertPerson(ctx.db, org.id, ['viewer']);
    const outsider = (await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'outsider', scopes: ['admin'], personId: outsiderId }).expect(201)).body.token as string;
    expectProblem(await ctx.as(outsider).get(`/v1/benefits/${hidden.id}`), 404);
    expectProblem(await ctx.as(outsider).get(`/v1/projects/${hiddenProject.id}/benefits`), 404);
    expectProblem(await ctx.as(outsider).post(`/v1/benefits/${hidden.id}/realisations`).send({ period: periodAgo(0), amount: '1.00', evidence: 'x' }), 404);
    expect(JSON.stringify((await ctx.as(outsider).get(`/v1/objectives/${objectiveId}/benefits`).expect(200)).body)).not.toContain(hidden.id);
    await ctx.as(org.adminToken).get(`/v1/benefits/${hidden.id}`).expect(200);
  });
});
