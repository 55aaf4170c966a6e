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

/** One answer as test/support/run-collection.cjs keeps it. */
interface Answer {
  item: string;
  method: string;
  url: string;
  status: number | null;
  headers: Record<string, string>;
  bytes: number;
  /** JSON bodies only (others are judged by status, headers and content type). */
  body: string | null;
  error: string | null;
}

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
  let answers: Answer[];

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
    // Newman runs in a child process of its own; the generator's own expectations (a made-up example refused with a 400 among them) are not the judge: the document is, below.
    await execFileAsync(process.execPath, [join(ROOT, 'test/support/run-collection.cjs'), 'collection.json', org.adminToken, 'answers.json'], { cwd: work, maxBuffer: 64 * 1024 * 1024 });
    answers = JSON.parse(readFileSync(join(work, 'answers.json'), 'utf8'));
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
    for (const a of answers) {
      const found = ctx.contract.operation(a.method, a.url);
      if (!found) continue;
      const key = `${a.method} ${found.path}`;
      reached.add(key);
      if (a.status !== null && a.status !== 400) passedValidation.add(key);
    }
    expect(operations.filter((op) => !reached.has(op))).toEqual([]);
    expect(answers.length).toBeGreaterThan(operations.length * 2);
    // The run kept what each answer said, or the checks below would judge empty bodies.
    expect(answers.filter((a) => a.bytes > 0).length).toBeGreaterThan(answers.length * 0.9);
    expect(passedValidation.size).toBeGreaterThan(operations.length / 2);
  });

  it('finds no undocumented status, no body that breaks its schema, no undeclared header and no 5xx', () => {
    const problems: string[] = [];
    for (const a of answers) {
      if (a.status === null) {
        problems.push(`${a.method} ${a.url}: no answer (${a.error})`);
        continue;
      }
      let body: unknown = a.body ?? undefined;
      try {
        body = a.body ? JSON.parse(a.body) : undefined;
      } catch {
        /* not JSON after all: the schema check reports it */
      }
      if (a.status >= 500) problems.push(`${a.method} ${a.url} → ${a.status}: ${(a.body ?? '').slice(0, 300)}`);
      for (const problem of ctx.contract.check(a.method, a.url, { status: a.status, headers: a.headers, body })) problems.push(`${problem} [${a.item}]`);
    }
    expect(problems).toEqual([]);
  });
});
