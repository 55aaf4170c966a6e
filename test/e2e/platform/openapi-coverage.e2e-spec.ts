import { OpenApiContract } from '@test/support/openapi-contract';
import { TestContext } from '@test/support/test-app';

/**
 * The operations whose responses are not documented yet. Every other operation has a summary and a
 * schema for its success responses, and every response the end-to-end suite sees from it is checked
 * against the document (test/support/openapi-contract.ts). Document an operation (`@ApiOperation`,
 * a response class with `type:` in `@ApiOkResponse`/`@ApiCreatedResponse`, or `ApiPageResponse`)
 * and take it off this list; a new operation goes on the list until it is documented.
 */
const UNDOCUMENTED = [
  'DELETE /v1/kpis/{id}/derivation',
  'DELETE /v1/kpis/{id}/measurements/{date}',
  'GET /v1/benchmarks',
  'GET /v1/benchmarks/participation',
  'GET /v1/budgets',
  'GET /v1/commitments',
  'GET /v1/commitments/{id}',
  'GET /v1/finance/summary',
  'GET /v1/forecasts',
  'GET /v1/governance/coverage',
  'GET /v1/governance/scans/{id}',
  'GET /v1/kpis/{id}/derivation',
  'GET /v1/kpis/{id}/measurements/{date}/history',
  'GET /v1/portfolio',
  'GET /v1/portfolio.csv',
  'GET /v1/programmes/{id}/capability',
  'GET /v1/programmes/{id}/kpi-summary',
  'GET /v1/projects/{id}/budget-history',
  'GET /v1/projects/{id}/capability',
  'GET /v1/projects/{id}/kpi-summary',
  'GET /v1/projects/{id}/rating',
  'GET /v1/projects/{id}/whole-life-cost',
  'GET /v1/spend.csv',
  'GET /v1/spend/imports',
  'GET /v1/spend/imports/last-mapping',
  'GET /v1/spend/imports/{id}',
  'GET /v1/spend/imports/{id}/issues',
  'GET /v1/spend/split-mappings',
  'GET /v1/spend/split-mappings/{id}',
  'GET /v1/status-reports/{id}',
  'GET /v1/suppliers',
  'GET /v1/suppliers/{id}',
  'PATCH /v1/kpis/{id}/measurements/{date}',
  'PATCH /v1/suppliers/{id}',
  'POST /v1/budgets',
  'POST /v1/commitments',
  'POST /v1/flags/{id}/accept',
  'POST /v1/flags/{id}/actions',
  'POST /v1/forecasts',
  'POST /v1/governance/scans',
  'POST /v1/projects/{id}/capability-roles',
  'POST /v1/projects/{id}/knowledge-transfers',
  'POST /v1/projects/{id}/whole-life-cost',
  'POST /v1/spend/imports',
  'POST /v1/spend/imports/{id}/rerun',
  'POST /v1/spend/imports/{id}/undo',
  'POST /v1/spend/split-mappings',
  'POST /v1/status-reports/{id}/approve',
  'POST /v1/status-reports/{id}/return',
  'POST /v1/status-reports/{id}/submit',
  'POST /v1/suppliers',
  'PUT /v1/benchmarks/participation',
  'PUT /v1/kpis/{id}/derivation',
  'PUT /v1/spend/split-mappings/{id}',
];

describe('OpenAPI coverage', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await TestContext.start()));
  afterAll(() => ctx.close());

  it('documents every operation but the listed ones, and the list is current', () => {
    const undocumented: string[] = [];
    for (const [path, item] of Object.entries(ctx.contract.document.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { summary?: string; responses: Record<string, never> }>)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        if (!op.summary || !OpenApiContract.declaresSchemas(op)) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented.sort()).toEqual([...UNDOCUMENTED].sort());
  });

  it('describes every error with the one problem schema and a code from the catalogue', () => {
    const doc = ctx.contract.document;
    const problem = doc.components?.schemas?.Problem as { properties: { code: { enum: string[] } } };
    expect(problem.properties.code.enum).toContain('validation_failed');
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          if (/^[45]/.test(status)) expect(response.content?.['application/problem+json']?.schema?.$ref).toBe('#/components/schemas/Problem');
        }
      }
    }
  });

  it('declares path ids as UUIDs', () => {
    const untyped: string[] = [];
    for (const [path, item] of Object.entries(ctx.contract.document.paths)) {
      for (const op of Object.values(item as Record<string, { parameters?: { name: string; in: string; schema?: { format?: string } }[] }>)) {
        for (const p of op.parameters ?? []) if (p.in === 'path' && (p.name === 'id' || /Id$/.test(p.name)) && p.name !== 'externalId' && p.schema?.format !== 'uuid') untyped.push(`${path} ${p.name}`);
      }
    }
    expect(untyped).toEqual([]);
  });

  it('leaves no default on an optional field, which generated clients would type as required', () => {
    const doc = ctx.contract.document;
    const withDefault: string[] = [];
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      for (const [prop, value] of Object.entries((schema as { properties?: Record<string, object> }).properties ?? {})) if ('default' in value) withDefault.push(`${name}.${prop}`);
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item as Record<string, { parameters?: { name: string; schema?: object }[] }>)) for (const p of op.parameters ?? []) if (p.schema && 'default' in p.schema) withDefault.push(`${path} ${p.name}`);
    }
    expect(withDefault).toEqual([]);
  });
});
