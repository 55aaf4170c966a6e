import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type request from 'supertest';
import type { OpenApiDocument } from '@app/platform';

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Json }>; headers?: Record<string, unknown> }>;
}

/** Response headers that are part of the contract: sending one a response does not declare fails the test. */
const CONTRACT_HEADERS = ['etag', 'location', 'idempotent-replayed', 'retry-after', 'ratelimit', 'ratelimit-policy', 'allow', 'deprecation', 'sunset'];

/**
 * Checks every response a test receives against the OpenAPI document the api serves: the status is
 * documented for the operation, the body matches its schema, and contract headers are declared.
 * Operations that declare no schema for any success response are not checked yet (the coverage
 * test lists them); every other one is, on every response the end-to-end suite sees.
 */
export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly routes: { pattern: RegExp; path: string; statics: number }[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // OpenAPI 3.0 keywords that are not JSON Schema: annotations only.
    this.ajv.addKeyword({ keyword: 'example' });
    this.ajv.addSchema({ $id: 'doc', components: toJsonSchema(document.components ?? {}) });
    this.routes = Object.keys(document.paths)
      .map((path) => ({
        path,
        pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
        statics: path.split('/').filter((s) => s && !s.startsWith('{')).length,
      }))
      // A literal segment wins over a parameter: /v1/projects/by-ref/... before /v1/projects/{id}/...
      .sort((a, b) => b.statics - a.statics);
  }

  /** The operation a concrete request reaches, if the document has it. */
  operation(method: string, url: string): { path: string; op: Operation } | null {
    const path = new URL(url, 'http://x').pathname;
    const route = this.routes.find((r) => r.pattern.test(path));
    const op = route ? (this.document.paths[route.path] as Record<string, Operation>)[method.toLowerCase()] : undefined;
    return route && op ? { path: route.path, op } : null;
  }

  /**
   * True when the operation declares a response schema for some success status, or answers 204 (no
   * body, so nothing to declare but the status and headers): such operations are checked.
   */
  static declaresSchemas(op: Operation): boolean {
    return Object.entries(op.responses).some(([status, r]) => status === '204' || (/^2/.test(status) && Object.values(r.content ?? {}).some((c) => c.schema)));
  }

  /** The problems with one response, empty when it keeps the contract. */
  check(method: string, url: string, response: Pick<request.Response, 'status' | 'headers' | 'body'>): string[] {
    const found = this.operation(method, url);
    if (!found || !OpenApiContract.declaresSchemas(found.op)) return [];
    const where = `${method.toUpperCase()} ${found.path} → ${response.status}`;
    const documented = found.op.responses[String(response.status)] ?? found.op.responses.default;
    if (!documented) return [`${where}: status ${response.status} is not documented (documented: ${Object.keys(found.op.responses).join(', ')})`];
    const problems: string[] = [];
    const declaredHeaders = Object.keys(documented.headers ?? {}).map((h) => h.toLowerCase());
    for (const header of CONTRACT_HEADERS) {
      if (response.headers[header] !== undefined && !declaredHeaders.includes(header)) problems.push(`${where}: header ${header} is sent but not declared`);
    }
    const type = String(response.headers['content-type'] ?? '').split(';')[0].trim();
    const content = documented.content ?? {};
    if (!type || response.status === 204) return problems;
    const media = content[type];
    if (!media) {
      if (Object.keys(content).length) problems.push(`${where}: content type ${type} is not documented (documented: ${Object.keys(content).join(', ')})`);
      return problems;
    }
    if (!media.schema || !/json/.test(type)) return problems;
    const validate = this.validator(`${found.path} ${method} ${response.status} ${type}`, media.schema);
    if (!validate(response.body)) {
      problems.push(`${where}: body does not match its schema: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}\n${JSON.stringify(response.body).slice(0, 500)}`);
    }
    return problems;
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      // Refs point into the document's components.
      validate = this.ajv.compile(toJsonSchema(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/'))) as Json);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/**
 * OpenAPI 3.0 schemas to JSON Schema where they differ: `nullable: true` means "or null" for the
 * whole schema (Ajv's own `nullable` only widens `type`, so a nullable `allOf: [$ref]` refused null).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) out[key] = key === 'example' || key === 'enum' ? value : toJsonSchema(value);
  if (out.nullable === true) {
    const { nullable: _nullable, ...rest } = out;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return out;
}

/** Adds the contract check to a supertest request: it runs before the test's own expectations. */
export function checkedAgainst(contract: OpenApiContract, method: string, url: string, test: request.Test): request.Test {
  return test.expect((response: request.Response) => {
    const problems = contract.check(method, url, response);
    if (problems.length) throw new Error(`the response breaks the OpenAPI contract:\n${problems.join('\n')}`);
  });
}
