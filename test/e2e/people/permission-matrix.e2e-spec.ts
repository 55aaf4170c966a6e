import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_KEY, AccessRule, hasScope, MEMBER_WRITE_SCOPES, PeopleService, ROUTE_SUBJECTS, Scope, scopesForRoles, seesEveryProgramme, SubjectKind, systemActor, TokenService } from '@app/platform';
import { TestContext, TestOrg } from '@test/support/test-app';
import { seedDemo } from '../board/demo';

/** Write routes that act on the organisation as a whole: only organisation roles may use them. */
const ORGANISATION_WIDE = ['POST /v1/programmes', 'POST /v1/objectives', 'PATCH /v1/objectives/:id', 'POST /v1/governance/scans', 'PUT /v1/projects/by-ref/:source/:externalId', 'PUT /v1/kpis/by-ref/:source/:externalId', 'POST /v1/kpis/by-ref/:source/:externalId/measurements', 'PUT /v1/stakeholder-groups/by-ref/:source/:externalId', 'PUT /v1/milestones/by-ref/:source/:externalId', 'POST /v1/spend/imports'];

/** Kinds whose records name an owner: members who are not managers may add them, not change them. */
const OWNED_KINDS: SubjectKind[] = ['action', 'risk', 'issue', 'decision', 'dependency'];
/** Refusals of the status report sign-off routes, which allow only the project manager to submit and the SRO or programme manager to approve. */
const SIGN_OFF_REFUSALS = ['submitter_required', 'approver_required'];

interface Route {
  method: string;
  path: string;
  scope: Scope;
}

interface Person {
  label: string;
  roles: string[];
  membership?: { role: string; on: 'programme' | 'project' };
  token?: string;
}

const PEOPLE: Person[] = [
  { label: 'viewer', roles: ['viewer'] },
  { label: 'project manager', roles: ['viewer'], membership: { role: 'project_manager', on: 'project' } },
  { label: 'contributor', roles: ['viewer'], membership: { role: 'contributor', on: 'project' } },
  { label: 'programme manager', roles: ['viewer'], membership: { role: 'programme_manager', on: 'programme' } },
  { label: 'sro', roles: ['viewer'], membership: { role: 'sro', on: 'programme' } },
  { label: 'finance', roles: ['finance'] },
  { label: 'pmo', roles: ['pmo'] },
  { label: 'admin', roles: ['admin'] },
];

/**
 * Every route of the API, tried by a person in each role: on the programme (or project) their
 * membership covers, on another visible programme (403 where their role does not allow it), and on
 * a restricted programme they are not part of (404 unless an organisation role lets them see it).
 * Generated from the route table, so a new route is covered, and one without a subject is noticed.
 */
describe('permission matrix', () => {
  let ctx: TestContext;
  let org: TestOrg;
  const routes: Route[] = [];
  // Subjects of each kind in each programme: mine (CS, in the member's project), other (WF, visible), restricted (DI).
  const subjects: Record<'mine' | 'other' | 'restricted', Record<SubjectKind, string>> = { mine: {} as never, other: {} as never, restricted: {} as never };

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await seedDemo(ctx);
    for (const module of ctx.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
        if (!type) continue;
        const base = Reflect.getMetadata(PATH_METADATA, type) as string;
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = type.prototype[name];
          if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          const rule = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, type)) as AccessRule | undefined;
          if (!rule || rule.public || rule.session) continue;
          const path = `/${base}/${Reflect.getMetadata(PATH_METADATA, handler)}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
          routes.push({ method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number], path, scope: rule.scope });
        }
      }
    }
    const q = async (sql: string, code: string) => (await ctx.db.query(sql, [org.id, code])).rows[0]?.id as string;
    const projectOf = { mine: 'CS-02', other: 'WF-01', restricted: 'DI-01' } as const;
    for (const [which, project] of Object.entries(projectOf) as ['mine' | 'other' | 'restricted', string][]) {
      const inProject = (table: string) => q(`SELECT t.id FROM ${table} t JOIN projects p ON p.id = t.project_id WHERE p.organisation_id = $1 AND p.code = $2 ORDER BY t.id LIMIT 1`, project);
      subjects[which] = {
        programme: await q(`SELECT g.id FROM programmes g JOIN projects p ON p.programme_id = g.id WHERE g.organisation_id = $1 AND p.code = $2`, project),
        project: await q(`SELECT id FROM projects WHERE organisation_id = $1 AND code = $2`, project),
        kpi: await inProject('kpis'),
        flag: await q(`SELECT f.id FROM flags f JOIN projects p ON p.id = f.project_id WHERE p.organisation_id = $1 AND p.code = $2 ORDER BY f.id LIMIT 1`, project),
        status_report: await inProject('status_reports'),
        stakeholder_group: await inProject('stakeholder_groups'),
        engagement: await inProject('engagements'),
        buy_in_reading: await inProject('buy_in_readings'),
        training_record: await inProject('training_records'),
        spend_entry: await inProject('spend_entries'),
        commitment: await inProject('commitments'),
        action: await inProject('actions'),
        risk: await inProject('risks'),
        issue: await inProject('issues'),
        decision: await inProject('decisions'),
        dependency: await inProject('dependencies'),
        milestone: await inProject('milestones'),
        benefit: await inProject('benefits'),
      };
    }
    await ctx.db.query(`INSERT INTO programme_restrictions (organisation_id, programme_id) VALUES ($1, $2)`, [org.id, subjects.restricted.programme]);
    const admin = systemActor(org.id, 'test');
    for (const [i, person] of PEOPLE.entries()) {
      const created = await ctx.app.get(PeopleService).invite(admin, { email: `matrix.${i}@people.gov.uk`, name: person.label, roles: person.roles as never });
      if (person.membership) {
        const target = person.membership.on === 'programme' ? { programme_id: subjects.mine.programme, project_id: null } : { programme_id: null, project_id: subjects.mine.project };
        await ctx.db.query(`INSERT INTO memberships (organisation_id, person_id, role, programme_id, project_id) VALUES ($1, $2, $3, $4, $5)`, [org.id, created.id, person.membership.role, target.programme_id, target.project_id]);
      }
      // A personal token with every scope: it is the person's roles and memberships that decide.
      person.token = (await ctx.app.get(TokenService).create(admin, { name: `${person.label} token`, scopes: ['admin'], personId: created.id })).token;
    }
  }, 120_000);
  afterAll(() => ctx.close());

  const keyOf = (r: Route) => `${r.method} ${r.path}`;

  const requestFor = (token: string, route: Route, which: 'mine' | 'other' | 'restricted') => {
    const subject = ROUTE_SUBJECTS[keyOf(route)];
    const id = subject ? subjects[which][subject.kind] : undefined;
    const url = route.path.replace(':id', subject?.from === 'param' ? (id as string) : '00000000-0000-4000-8000-000000000000').replace(':date', '2026-01-01').replace(':source', 'matrix').replace(':externalId', 'x').replace(':deliveryId', '00000000-0000-4000-8000-000000000000');
    const body = subject?.from === 'body' ? { [subject.field]: id } : subject?.from === 'items' ? { items: [{ [subject.field]: id }] } : {};
    const client = ctx.as(token)[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
    return route.method === 'GET' || route.method === 'DELETE' ? client : client.send(body);
  };

  /** What a person should get: allowed, 403, or 404. */
  const expected = (person: Person, route: Route, which: 'mine' | 'other' | 'restricted'): 'allowed' | 403 | 404 => {
    const subject = ROUTE_SUBJECTS[keyOf(route)];
    const roleScopes = scopesForRoles(person.roles);
    if (subject && which === 'restricted' && !seesEveryProgramme(person.roles)) return 404;
    if (hasScope(roleScopes, route.scope)) return 'allowed';
    if (!subject || which !== 'mine' || !MEMBER_WRITE_SCOPES.includes(route.scope) || !person.membership) return 403;
    // Project members write within their project, never on the programme itself.
    if (person.membership.on === 'project' && subject.kind === 'programme') return 403;
    // An owned record (action, risk and the rest of the log) changes only by its owner, its managers or organisation roles.
    if (route.method === 'PATCH' && OWNED_KINDS.includes(subject.kind) && person.membership.role === 'contributor') return 403;
    return 'allowed';
  };

  it('knows the subject of every write route a membership could use, or that it is organisation-wide', () => {
    const writes = routes.filter((r) => r.method !== 'GET' && MEMBER_WRITE_SCOPES.includes(r.scope));
    expect(writes.length).toBeGreaterThan(15);
    expect(writes.filter((r) => !ROUTE_SUBJECTS[keyOf(r)] && !ORGANISATION_WIDE.includes(keyOf(r))).map(keyOf)).toEqual([]);
    // Every subject in the map is a real route.
    const known = new Set(routes.map(keyOf));
    expect(Object.keys(ROUTE_SUBJECTS).filter((k) => !k.includes(' /board/') && !known.has(k))).toEqual([]);
  });

  it('answers every write route by role and membership: allowed on their own, 403 where visible, 404 where restricted', async () => {
    const writes = routes.filter((r) => r.method !== 'GET' && r.scope !== 'admin');
    const mismatches: string[] = [];
    const seen: Record<string, number> = {};
    for (const route of writes) {
      for (const which of ['mine', 'other', 'restricted'] as const) {
        const adminStatus = (await requestFor(org.adminToken, route, which)).status;
        for (const person of PEOPLE) {
          const res = await requestFor(person.token as string, route, which);
          const want = expected(person, route, which);
          // Batch routes a membership may use answer a refused item in its result, not for the whole batch.
          const item = ROUTE_SUBJECTS[keyOf(route)]?.from === 'items' && res.status === 200 ? (res.body.results?.[0]?.status ?? res.body.results?.[0]?.result) : undefined;
          const status = item === 'forbidden' ? 403 : item === 'not_found' && adminStatus === 200 ? 404 : res.status;
          // Sign-off steps check the person's role on top of the scope (status-report-sign-off.e2e-spec.ts tests them): their 403 is the step's own answer.
          const signOffRefusal = status === 403 && SIGN_OFF_REFUSALS.includes(res.body?.code);
          const ok = want === 'allowed' ? status !== 401 && (status !== 403 || signOffRefusal) && (status !== 404 || adminStatus === 404) : status === want;
          if (!ok) mismatches.push(`${person.label} ${keyOf(route)} on ${which}: got ${status}, want ${want}`);
          seen[`${person.label}:${which}:${want}`] = (seen[`${person.label}:${which}:${want}`] ?? 0) + 1;
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The matrix really exercises each outcome: members allowed on their own and refused elsewhere.
    expect(seen['project manager:mine:allowed']).toBeGreaterThan(10);
    expect(seen['project manager:other:403']).toBeGreaterThan(10);
    expect(seen['project manager:restricted:404']).toBeGreaterThan(10);
    expect(seen['sro:mine:allowed']).toBeGreaterThan(seen['project manager:mine:allowed']);
    expect(seen['viewer:mine:403']).toBeGreaterThan(10);
    expect(seen['finance:restricted:allowed']).toBeGreaterThan(3);
    expect(seen['finance:other:403']).toBeGreaterThan(10);
  }, 300_000);

  it('hides every read of a restricted programme from people who are not part of it', async () => {
    const reads = routes.filter((r) => r.method === 'GET' && ROUTE_SUBJECTS[keyOf(r)]);
    expect(reads.length).toBeGreaterThan(15);
    const mismatches: string[] = [];
    for (const route of reads) {
      for (const person of PEOPLE) {
        const status = (await requestFor(person.token as string, route, 'restricted')).status;
        const want = seesEveryProgramme(person.roles) ? 200 : 404;
        const visible = (await requestFor(person.token as string, route, 'other')).status;
        if (status !== want && !(want === 200 && status === visible)) mismatches.push(`${person.label} GET ${route.path}: got ${status}, want ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);

  it('leaves a restricted programme out of lists and the portfolio for people outside it', async () => {
    const viewer = PEOPLE[0].token as string;
    const pmo = PEOPLE[6].token as string;
    const programmeIds = async (token: string) => ((await ctx.as(token).get('/v1/programmes?limit=200').expect(200)).body.data as { id: string }[]).map((p) => p.id);
    expect(await programmeIds(viewer)).not.toContain(subjects.restricted.programme);
    expect(await programmeIds(viewer)).toContain(subjects.other.programme);
    expect(await programmeIds(pmo)).toContain(subjects.restricted.programme);
    const projectIds = ((await ctx.as(viewer).get('/v1/projects?limit=200').expect(200)).body.data as { id: string }[]).map((p) => p.id);
    expect(projectIds).not.toContain(subjects.restricted.project);
    const portfolio = JSON.stringify((await ctx.as(viewer).get('/v1/portfolio').expect(200)).body);
    expect(portfolio).not.toContain(subjects.restricted.project);
    expect(portfolio).toContain(subjects.other.project);
    const flags = JSON.stringify((await ctx.as(viewer).get('/v1/flags?limit=200').expect(200)).body);
    expect(flags).not.toContain(subjects.restricted.flag);
    expect(flags).toContain(subjects.other.flag);
    // KPIs are hidden by their project, through the second of the two hidden sets.
    const kpis = JSON.stringify((await ctx.as(viewer).get(`/v1/kpis?limit=200&programmeId=${subjects.restricted.programme}`).expect(200)).body);
    expect(kpis).not.toContain(subjects.restricted.kpi);
    expect(JSON.stringify((await ctx.as(pmo).get(`/v1/kpis?limit=200&programmeId=${subjects.restricted.programme}`).expect(200)).body)).toContain(subjects.restricted.kpi);
  });

  it('seeds the demo with an owner for every programme and a manager for every project', async () => {
    const unowned = await ctx.db.query(
      `SELECT code FROM programmes g WHERE organisation_id = $1 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.programme_id = g.id AND m.role = 'sro')
       UNION ALL SELECT code FROM projects p WHERE organisation_id = $1 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.project_id = p.id AND m.role = 'project_manager')`,
      [org.id],
    );
    expect(unowned.rows).toEqual([]);
  });
});
