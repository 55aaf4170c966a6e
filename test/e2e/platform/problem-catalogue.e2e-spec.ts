import { PROBLEM_CODES } from '@app/platform';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';

/** Errors carry a machine code from one catalogue, and their type URI is a page that explains it. */
describe('problem catalogue', () => {
  let ctx: TestContext;
  let org: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  it('puts the caller\'s own value in conflictingCode, not in code', async () => {
    await ctx.as(org.adminToken).post('/v1/programmes').send({ code: 'DUP', name: 'First' }).expect(201);
    const body = expectProblem(await ctx.as(org.adminToken).post('/v1/programmes').send({ code: 'DUP', name: 'Second' }), 409);
    expect(body).toMatchObject({ code: 'code_taken', conflictingCode: 'DUP' });
  });

  it('serves a page for every problem type it answers with', async () => {
    const problems = [
      expectProblem(await ctx.anonymous().get('/v1/programmes'), 401),
      expectProblem(await ctx.as(org.adminToken).get(`/v1/programmes/${crypto.randomUUID()}`), 404),
      expectProblem(await ctx.as(org.adminToken).post('/v1/programmes').send({}), 400),
      expectProblem(await ctx.as(org.adminToken).get('/v1/programmes/not-a-uuid'), 400),
    ];
    for (const problem of problems) {
      expect(PROBLEM_CODES).toContain(problem.code);
      const path = new URL(problem.type as string).pathname;
      const page = await ctx.anonymous().get(path).expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain(`<code>${problem.code}</code>`);
      expect(page.text).toContain('How to fix it');
    }
    const index = await ctx.anonymous().get('/problems').expect(200);
    for (const code of PROBLEM_CODES) expect(index.text).toContain(`<code>${code}</code>`);
    expectProblem(await ctx.anonymous().get('/problems/no-such-code'), 404);
  });
});
