import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestContext, TestOrg } from '@test/support/test-app';
import { ROOT } from '@test/support/processes';
import { existingIds, withRealIds } from '@test/support/generated-collection';
import { seedDemo } from '../board/demo';

const execFileAsync = promisify(execFile);
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

const FUZZ = { enabled: true };
const FUZZING = { requiredFields: FUZZ, minimumNumberFields: FUZZ, maximumNumberFields: FUZZ, minLengthFields: FUZZ, maxLengthFields: FUZZ };

/**
 * What the generator adds to each operation: a request from the document's own examples with its
 * checks, and fuzzed variations (required fields left out, numbers and lengths past their limits)
 * that should be refused with a problem.
 */
const PORTMAN_CONFIG = {
  version: 1.0,
  tests: {
    contractTests: [{ openApiOperation: '*::/*', statusSuccess: FUZZ }, { openApiOperation: '*::/*', contentType: FUZZ }, { openApiOperation: '*::/*', schemaValidation: FUZZ }],
    variationTests: [
      {
        openApiOperation: '*::/*',
        openApiResponse: '400',
        variations: [{ name: 'Fuzzed', fuzzing: [{ requestBody: [FUZZING] }, { requestQueryParams: [FUZZING] }, { requestHeaders: [FUZZING] }], tests: { contractTests: [{ statusCode: FUZZ }] } }],
      },
    ],
  },
  globals: { securityOverwrites: { bearer: { token: '{{bearerToken}}' } } },
};

interface Execution {
  item: { name: string };
  request: { method: string; url: { protocol?: string; host?: string[]; port?: string; path?: string[]; query?: { key: string; value: string; disabled?: boolean }[] } };
  response?: { code: number; header: { key: string; value: string }[]; stream?: { type: 'Buffer'; data: number[] } };
  requestError?: { message: string };
}

const urlOf = (u: Execution['request']['url']): string => {
  const query = (u.query ?? []).filter((q) => !q.disabled).map((q) => `${encodeURIComponent(q.key)}=${encodeURIComponent(q.value ?? '')}`);
  return `/${(u.path ?? []).join('/')}${query.length ? `?${query.join('&')}` : ''}`;
};

/**
 * The document, tested by tools that are not ours: Portman generates a Postman collection with
 * contract tests and fuzzed variations from the served document, Newman runs it against the real
 * api (on the demo organisation's records), and every answer is judged against the document: a
 * documented status, a body matching its schema, declared headers, and never a 5xx.
 */
describe('a contract test generated from the served document by third-party tools', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let work: string;
  let executions: Execution[];

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await seedDemo(ctx);
    await ctx.app.listen(0, '127.0.0.1');
    const baseUrl = await ctx.app.getUrl();
    work = mkdtempSync(join(tmpdir(), 'kpi-contract-'));
    writeFileSync(join(work, 'openapi.json'), await (await fetch(`${baseUrl}/docs/openapi.json`)).text());
    writeFileSync(join(work, 'portman-config.json'), JSON.stringify(PORTMAN_CONFIG));
    await execFileAsync(bin('portman'), ['-l', 'openapi.json', '-b', baseUrl, '-c', 'portman-config.json', '-o', 'collection.json'], { cwd: work, maxBuffer: 64 * 1024 * 1024 });
    const collection = JSON.parse(readFileSync(join(work, 'collection.json'), 'utf8'));
    expect(withRealIds(collection, await existingIds(ctx.db, org.id))).toBeGreaterThan(100);
    writeFileSync(join(work, 'collection.json'), JSON.stringify(collection));
    // Newman's exit code counts the generator's own expectations (a made-up example refused with a 400 among them); the answers are judged below.
    await execFileAsync(
      bin('newman'),
      ['run', 'collection.json', '--env-var', `bearerToken=${org.adminToken}`, '--reporters', 'json', '--reporter-json-export', 'run.json', '--timeout-request', '30000', '--suppress-exit-code'],
      { cwd: work, maxBuffer: 64 * 1024 * 1024 },
    );
    executions = JSON.parse(readFileSync(join(work, 'run.json'), 'utf8')).run.executions;
  }, 600_000);
  afterAll(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    await ctx.close();
  });

  it('reaches every operation of the document, most of them past validation', () => {
    const operations = Object.entries(ctx.contract.document.paths).flatMap(([path, item]) =>
      Object.keys(item as object).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const reached = new Set<string>();
    const passedValidation = new Set<string>();
    for (const e of executions) {
      const found = ctx.contract.operation(e.request.method, urlOf(e.request.url));
      if (!found) continue;
      const key = `${e.request.method} ${found.path}`;
      reached.add(key);
      if (e.response && e.response.code !== 400) passedValidation.add(key);
    }
    expect(operations.filter((op) => !reached.has(op))).toEqual([]);
    expect(executions.length).toBeGreaterThan(operations.length * 2);
    // The run kept what each answer said, or the checks below would judge empty bodies.
    expect(executions.filter((e) => (e.response?.stream?.data.length ?? 0) > 0).length).toBeGreaterThan(executions.length * 0.9);
    expect(passedValidation.size).toBeGreaterThan(operations.length / 2);
  });

  it('finds no undocumented status, no body that breaks its schema, no undeclared header and no 5xx', () => {
    const problems: string[] = [];
    for (const e of executions) {
      const url = urlOf(e.request.url);
      if (!e.response) {
        problems.push(`${e.request.method} ${url}: no answer (${e.requestError?.message})`);
        continue;
      }
      const text = Buffer.from(e.response.stream?.data ?? []).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: the check compares the content type */
      }
      if (e.response.code >= 500) problems.push(`${e.request.method} ${url} → ${e.response.code}: ${text.slice(0, 300)}`);
      const headers = Object.fromEntries(e.response.header.map((h) => [h.key.toLowerCase(), h.value]));
      for (const problem of ctx.contract.check(e.request.method, url, { status: e.response.code, headers, body })) problems.push(`${problem} [${e.item.name}]`);
    }
    expect(problems).toEqual([]);
  });
});
