import { OpenApiContract } from '@test/support/openapi-contract';
import { TestContext } from '@test/support/test-app';

/**
 * The operations whose responses are not documented: none. Every operation has a summary and a
 * schema for its success responses, and every response the end-to-end suite sees from it is checked
 * against the document (test/support/openapi-contract.ts). A new operation is documented with
 * `@ApiOperation` and a response class with `type:` in `@ApiOkResponse`/`@ApiCreatedResponse` (or
 * `ApiPageResponse`; `@ApiNoContentResponse` for a 204), or this test fails.
 */
const UNDOCUMENTED: string[] = [];

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
