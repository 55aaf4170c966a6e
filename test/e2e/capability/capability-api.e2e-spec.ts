import { daysAgo } from '@test/support/factories/engagement';
import { insertSpendEntry } from '@test/support/factories/capability';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';

const monthsAgo = (n: number): string => {
  const d = new Date(`${daysAgo(0).slice(0, 7)}-15T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};

describe('capability evidence, plans and knowledge transfer', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let programmeId: string;
  let projectId: string;
  let siblingId: string;
  let theirProject: string;

  const transfer = (overrides: Record<string, unknown> = {}) => ({ kind: 'pairing', occurredOn: daysAgo(5), permanentStaff: 2, description: 'Paired on the claims service', evidence: 'HANDOVER-7', ...overrides });

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['portfolio:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    programmeId = (await insertProgramme(ctx.db, org.id)).id;
    projectId = (await insertProject(ctx.db, org.id, { programmeId })).id;
    siblingId = (await insertProject(ctx.db, org.id, { programmeId })).id;
    theirProject = (await insertProject(ctx.db, other.id)).id;
    // Four to six months ago: 30 outside of 100; the last three months: 75 of 100 (rising).
    await insertSpendEntry(ctx.db, org.id, projectId, monthsAgo(5), '20000.00', 'contractors');
    await insertSpendEntry(ctx.db, org.id, projectId, monthsAgo(4), '10000.00', 'consultancy');
    await insertSpendEntry(ctx.db, org.id, projectId, monthsAgo(4), '70000.00', 'staff');
    await insertSpendEntry(ctx.db, org.id, projectId, monthsAgo(1), '75000.00', 'contractors');
    await insertSpendEntry(ctx.db, org.id, projectId, monthsAgo(1), '25000.00', 'staff');
    await insertSpendEntry(ctx.db, org.id, projectId, monthsAgo(1), '999.99', 'licences');
    await insertSpendEntry(ctx.db, org.id, siblingId, monthsAgo(1), '100000.00', 'staff');
    await insertSpendEntry(ctx.db, other.id, theirProject, monthsAgo(1), '5000.00', 'contractors');
  });
  afterAll(() => ctx.close());

  it('shows the share of spend on outside expertise per month, over twelve months, with its trend', async () => {
    const res = await ctx.as(reader).get(`/v1/projects/${projectId}/capability`).expect(200);
    const e = res.body.outsideExpertise;
    expect(e.periods).toEqual([
      { period: monthsAgo(5).slice(0, 7), outside: '20000.00', staff: '0.00', sharePct: 100 },
      { period: monthsAgo(4).slice(0, 7), outside: '10000.00', staff: '70000.00', sharePct: 12.5 },
      { period: monthsAgo(1).slice(0, 7), outside: '75000.00', staff: '25000.00', sharePct: 75 },
    ]);
    expect(e.last12Months).toMatchObject({ outside: '105000.00', staff: '95000.00', sharePct: 52.5 });
    expect(e.trend).toBe('rising');
    expect(e.thresholdPct).toBe(50);
    expect(res.body.movesRating).toBe(false);
  });

  it('adds the projects of a programme together', async () => {
    const res = await ctx.as(reader).get(`/v1/programmes/${programmeId}/capability`).expect(200);
    expect(res.body.subject).toEqual({ type: 'programme', id: programmeId });
    expect(res.body.outsideExpertise.last12Months).toMatchObject({ outside: '105000.00', staff: '195000.00', sharePct: 35 });
  });

  it('sets a role (created, then replaced) and records knowledge transfer, audited', async () => {
    const created = await ctx.as(writer).post(`/v1/projects/${projectId}/capability-roles`).send({ role: 'Service designer', needed: 3, filled: 1 }).expect(201);
    expect(created.body).toMatchObject({ projectId, role: 'Service designer', needed: 3, filled: 1 });
    const replaced = await ctx.as(writer).post(`/v1/projects/${projectId}/capability-roles`).send({ role: 'Service designer', needed: 3, filled: 2 }).expect(200);
    expect(replaced.body.id).toBe(created.body.id);
    const activity = await ctx.as(writer).post(`/v1/projects/${projectId}/knowledge-transfers`).send(transfer()).expect(201);
    expect(activity.body).toMatchObject({ projectId, kind: 'pairing', permanentStaff: 2, evidence: 'HANDOVER-7' });
    const read = await ctx.as(reader).get(`/v1/projects/${projectId}/capability`).expect(200);
    expect(read.body.plan).toMatchObject({ rolesNeeded: 3, rolesFilled: 2 });
    expect(read.body.knowledgeTransfer).toMatchObject({ lastOn: daysAgo(5), withinDays: 90 });
    expect(read.body.knowledgeTransfer.recent.map((k: { id: string }) => k.id)).toEqual([activity.body.id]);
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE entity_id IN ($1, $2) ORDER BY seq`, [created.body.id, activity.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['capability_role.created', 'capability_role.updated', 'knowledge_transfer.created']);
  });

  it('refuses bad input, naming the field, and stores nothing', async () => {
    const over = expectProblem(await ctx.as(writer).post(`/v1/projects/${projectId}/capability-roles`).send({ role: 'Developer', needed: 1, filled: 2 }), 400);
    expect(over.errors?.map((e) => e.field)).toEqual(['filled']);
    const kind = expectProblem(await ctx.as(writer).post(`/v1/projects/${projectId}/knowledge-transfers`).send(transfer({ kind: 'osmosis', occurredOn: daysAgo(-3) })), 400);
    expect(kind.errors?.map((e) => e.field).sort()).toEqual(['kind', 'occurredOn']);
    const rows = await ctx.db.query(`SELECT (SELECT count(*) FROM capability_roles WHERE role = 'Developer')::int AS roles, (SELECT count(*) FROM knowledge_transfers WHERE kind = 'osmosis')::int AS transfers`);
    expect(rows.rows[0]).toEqual({ roles: 0, transfers: 0 });
  });

  it('needs the write scope to write and the read scope to read', async () => {
    expectProblem(await ctx.as(reader).post(`/v1/projects/${projectId}/capability-roles`).send({ role: 'Developer', needed: 1, filled: 0 }), 403);
    expectProblem(await ctx.as(reader).post(`/v1/projects/${projectId}/knowledge-transfers`).send(transfer()), 403);
    const finance = await ctx.token(org, ['finance:write']);
    expectProblem(await ctx.as(finance).get(`/v1/projects/${projectId}/capability`), 403);
  });

  it("answers another organisation's project or programme exactly like a random id, and writes nothing there", async () => {
    const theirs = await ctx.as(reader).get(`/v1/projects/${theirProject}/capability`);
    const random = await ctx.as(reader).get(`/v1/projects/${randomUuid()}/capability`);
    expectProblem(theirs, 404);
    expect(theirs.body.detail).toBe(random.body.detail);
    const theirProgramme = (await ctx.db.query(`SELECT programme_id FROM projects WHERE id = $1`, [theirProject])).rows[0].programme_id;
    expectProblem(await ctx.as(reader).get(`/v1/programmes/${theirProgramme}/capability`), 404);
    expectProblem(await ctx.as(writer).post(`/v1/projects/${theirProject}/capability-roles`).send({ role: 'Developer', needed: 1, filled: 0 }), 404);
    expectProblem(await ctx.as(writer).post(`/v1/projects/${theirProject}/knowledge-transfers`).send(transfer()), 404);
    const rows = await ctx.db.query(`SELECT (SELECT count(*) FROM capability_roles WHERE organisation_id = $1)::int + (SELECT count(*) FROM knowledge_transfers WHERE organisation_id = $1)::int AS n`, [other.id]);
    expect(rows.rows[0].n).toBe(0);
  });
});
