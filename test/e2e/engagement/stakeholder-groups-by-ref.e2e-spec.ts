import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';

/** Stakeholder groups addressed by the integrating tool's own ids, never ours. */
describe('PUT /v1/stakeholder-groups/by-ref/{source}/{externalId}', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let sync: string;
  let reader: string;
  let programmeId: string;
  let projectId: string;

  const groupBody = { project: { source: 'jira', id: 'PRJ-1' }, name: 'Residents who pay council tax', kind: 'citizens', internal: false, size: 48000 };

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    sync = await ctx.token(org, ['portfolio:read', 'portfolio:write', 'engagement:write']);
    reader = await ctx.token(org, ['portfolio:read']);
    programmeId = (await ctx.as(sync).post('/v1/programmes').send({ code: 'CS', name: 'Customer services' }).expect(201)).body.id;
    projectId = (await ctx.as(sync).put('/v1/projects/by-ref/jira/PRJ-1').send({ programmeId, code: 'PRJ-1', name: 'Pay online', phase: 'beta' }).expect(201)).body.id;
  });
  afterAll(() => ctx.close());

  it("creates a group under the project's own reference, then changes only the fields sent; null clears; the same body again changes nothing", async () => {
    const created = await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-1').send(groupBody).expect(201);
    expect(created.headers.location).toBe(`/v1/stakeholder-groups/${created.body.id}`);
    expect(created.body).toMatchObject({ projectId, name: groupBody.name, size: 48000, externalSource: 'crm', externalId: 'SEG-1', version: 1 });
    const renamed = await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-1').set('content-type', 'application/merge-patch+json').send(JSON.stringify({ name: 'Council tax payers' })).expect(200);
    expect(renamed.body).toMatchObject({ id: created.body.id, name: 'Council tax payers', kind: 'citizens', internal: false, size: 48000, version: 2 });
    const cleared = await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-1').send({ size: null }).expect(200);
    expect(cleared.body).toMatchObject({ name: 'Council tax payers', size: null, version: 3 });
    const again = await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-1').send({ size: null, name: 'Council tax payers' }).expect(200);
    expect(again.body).toMatchObject({ id: created.body.id, version: 3 });
    expect(again.headers.etag).toBe('"3"');
    expect(expectProblem(await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-1').send({ name: null }), 400).errors?.map((e) => e.field)).toContain('name');
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE organisation_id = $1 AND entity_id = $2 ORDER BY occurred_at, id`, [org.id, created.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['stakeholder_group.created', 'stakeholder_group.updated', 'stakeholder_group.updated']);
  });

  it('refuses a bad source, body or a kind that contradicts internal (400), and a missing scope (403)', async () => {
    expectProblem(await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/bad%20source/SEG-9').send(groupBody), 400);
    expectProblem(await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-9').send({ ...groupBody, kind: 'aliens' }), 400);
    expectProblem(await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-9').send({ ...groupBody, internal: true }), 400);
    expect(expectProblem(await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-9').send({ size: 3 }), 400).errors?.map((e) => e.field)).toEqual(['projectId', 'name', 'kind', 'internal']);
    expectProblem(await ctx.as(reader).put('/v1/stakeholder-groups/by-ref/crm/SEG-9').send(groupBody), 403);
    const count = await ctx.db.query(`SELECT count(*)::int AS n FROM stakeholder_groups WHERE organisation_id = $1 AND external_id = 'SEG-9'`, [org.id]);
    expect(count.rows[0].n).toBe(0);
  });

  it("answers 404 for a project (by reference or id) of another organisation, and writes nothing", async () => {
    const theirProgramme = (await ctx.as(other.adminToken).post('/v1/programmes').send({ code: 'T', name: 'Theirs' }).expect(201)).body.id;
    const theirProject = (await ctx.as(other.adminToken).put('/v1/projects/by-ref/jira/THEIRS-1').send({ programmeId: theirProgramme, code: 'T-1', name: 'Theirs', phase: 'beta' }).expect(201)).body.id;
    expectProblem(await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-T').send({ ...groupBody, project: { source: 'jira', id: 'THEIRS-1' } }), 404);
    expectProblem(await ctx.as(sync).put('/v1/stakeholder-groups/by-ref/crm/SEG-T').send({ ...groupBody, project: undefined, projectId: theirProject }), 404);
    const count = await ctx.db.query(`SELECT count(*)::int AS n FROM stakeholder_groups WHERE external_id = 'SEG-T'`);
    expect(count.rows[0].n).toBe(0);
  });
});
