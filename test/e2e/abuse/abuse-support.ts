import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Db } from '@app/platform';
import { ScanService } from '@app/governance';
import { TestContext, TestOrg } from '@test/support/test-app';
import { day, insertHealthyProject } from '@test/support/factories/evidence';
import { insertDelivery, insertWebhook } from '@test/support/factories/integrations';

/** One operation of the OpenAPI document. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  key: string;
  scope: string | null;
  bodySchema: Schema | null;
  multipart: boolean;
  query: { name: string; schema: Schema }[];
  pathParams: string[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
}

export interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: { name: string; in: string; schema: Schema }[]; responses: Operation['responses'] }>>;
  components: { schemas: Record<string, Schema> };
}

export function operationsOf(doc: OpenApi): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const forbidden = (op.responses['403'] as { description?: string } | undefined)?.description ?? '';
      ops.push({
        method: method as Operation['method'],
        path,
        key: `${method.toUpperCase()} ${path}`,
        scope: /the token lacks the (\S+) scope/.exec(forbidden)?.[1] ?? null,
        bodySchema: content['application/json']?.schema ?? null,
        multipart: Boolean(content['multipart/form-data']),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        responses: op.responses,
      });
    }
  }
  return ops;
}

export const resolve = (doc: OpenApi, schema: Schema): Schema => (schema.$ref ? resolve(doc, doc.components.schemas[schema.$ref.split('/').pop() as string]) : schema.allOf?.length === 1 ? resolve(doc, schema.allOf[0]) : schema);

/** Every entity an organisation needs so each route has something of its own (and of the other's) to point at. */
export interface World {
  org: TestOrg;
  ids: Record<string, string>;
}

/** Which entity an id names, from the path segment before it or the field's name. */
export function entityFor(path: string, param: string): string | null {
  if (param === 'deliveryId') return 'delivery';
  if (param !== 'id') return FIELD_ENTITIES[param] ?? null;
  const segments = path.split('/').filter((s) => s && !s.startsWith('{'));
  const before = path.slice(0, path.indexOf(`{${param}}`)).split('/').filter(Boolean).pop() as string;
  return SEGMENT_ENTITIES[before] ?? SEGMENT_ENTITIES[segments[segments.length - 1]] ?? null;
}

const SEGMENT_ENTITIES: Record<string, string> = {
  tokens: 'token',
  objectives: 'objective',
  programmes: 'programme',
  projects: 'project',
  'status-reports': 'statusReport',
  kpis: 'kpi',
  imports: 'spendImport',
  spend: 'spend',
  'stakeholder-groups': 'group',
  engagements: 'engagement',
  'buy-in-readings': 'buyIn',
  'training-records': 'training',
  webhooks: 'webhook',
  flags: 'flag',
  scans: 'scan',
  people: 'person',
  memberships: 'membership',
};

export const FIELD_ENTITIES: Record<string, string> = {
  projectId: 'project',
  programmeId: 'programme',
  objectiveId: 'objective',
  kpiId: 'kpi',
  transactionsKpiId: 'kpi',
  groupId: 'group',
  importId: 'spendImport',
  entityId: 'project',
  personId: 'person',
  ownerPersonId: 'person',
};

let unique = 0;
const CSV = 'Invoice Date,Net Amount,Supplier Name,Transaction No\n14/05/2026,100.00,Acme Ltd,T-1\n';

/** Builds an organisation with one of everything, through the owner pool and the API. */
export async function buildWorld(ctx: TestContext, org: TestOrg): Promise<World> {
  const db: Pool = ctx.db;
  const healthy = await insertHealthyProject(db, org.id);
  const one = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows[0].id as string;
  const admin = ctx.as(org.adminToken);
  const ids: Record<string, string> = {
    project: healthy.projectId,
    programme: healthy.programmeId,
    kpi: healthy.kpiId,
    group: healthy.externalGroupId,
    engagement: healthy.engagementId,
    objective: await one(`SELECT objective_id AS id FROM programmes WHERE id = $1`, [healthy.programmeId]),
    statusReport: await one(`SELECT id FROM status_reports WHERE project_id = $1`, [healthy.projectId]),
    buyIn: await one(`SELECT id FROM buy_in_readings WHERE project_id = $1`, [healthy.projectId]),
    training: await one(`SELECT id FROM training_records WHERE project_id = $1`, [healthy.projectId]),
  };
  const spend = await admin.post('/v1/spend').set('idempotency-key', randomUUID()).send({ projectId: ids.project, spentOn: day(-5), amount: '10.00', category: 'resource', costType: 'suppliers', supplier: 'Acme' }).expect(201);
  ids.spend = spend.body.id;
  const token = await admin.post('/v1/tokens').send({ name: 'victim', scopes: ['portfolio:read'] }).expect(201);
  ids.token = token.body.id;
  const webhook = await insertWebhook(db, org.id);
  ids.webhook = webhook.id;
  ids.delivery = (await insertDelivery(db, org.id, webhook.id)).id;
  ids.scan = (await admin.post('/v1/governance/scans').expect(202)).body.id;
  ids.person = (await admin.post('/v1/people').send({ email: `person-${org.id}@people.gov.uk`, name: 'Abuse Person' }).expect(201)).body.id;
  ids.membership = (await admin.post('/v1/memberships').send({ personId: ids.person, role: 'contributor', projectId: ids.project }).expect(201)).body.id;
  const upload = await admin
    .post('/v1/spend/imports')
    .field('mapping', JSON.stringify({ columns: { spentOn: 'Invoice Date', amount: 'Net Amount', supplier: 'Supplier Name', reference: 'Transaction No' }, defaults: { projectId: ids.project, category: 'resource', costType: 'suppliers', currency: 'GBP' }, dateFormat: 'dd/MM/yyyy' }))
    .attach('file', Buffer.from(CSV.replace('T-1', `T-${org.id}`)), 'ledger.csv')
    .expect(202);
  ids.spendImport = upload.body.id;
  // A flag of its own: the project loses its user need and a scan raises one.
  await db.query(`UPDATE projects SET user_need = NULL WHERE id = $1`, [ids.project]);
  await ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, org.id, null, new Date()));
  ids.flag = await one(`SELECT id FROM flags WHERE organisation_id = $1 AND status = 'open' LIMIT 1`, [org.id]);
  return { org, ids };
}

/**
 * A body the route should accept, generated from its schema: examples, first enum values, and
 * the organisation's own ids for every *Id field (optional ones too, so the cross-organisation
 * test reaches each of them). Overrides cover what a schema cannot say (sums, uniqueness).
 */
export function validBody(doc: OpenApi, op: Operation, world: World): Record<string, unknown> {
  const body = fromSchema(doc, op.bodySchema as Schema, world, '') as Record<string, unknown>;
  return { ...body, ...(OVERRIDES[op.key]?.(world) ?? {}) };
}

function fromSchema(doc: OpenApi, raw: Schema, world: World, name: string): unknown {
  const schema = resolve(doc, raw);
  if (FIELD_ENTITIES[name] && (schema.format === 'uuid' || schema.type === 'string')) return world.ids[FIELD_ENTITIES[name]];
  if (schema.type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      const required = (schema.required ?? []).includes(key);
      if (required || FIELD_ENTITIES[key]) out[key] = fromSchema(doc, prop, world, key);
    }
    return out;
  }
  if (schema.type === 'array') return [fromSchema(doc, schema.items ?? {}, world, name.replace(/s$/, ''))];
  if (schema.example !== undefined) return name === 'code' || name === 'name' ? `${String(schema.example).slice(0, 20)}-${++unique}` : schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.type === 'boolean') return true;
  if (schema.type === 'integer' || schema.type === 'number') return Math.max(schema.minimum ?? 1, 1);
  if (/(On|Date|date)$/.test(name)) return day(-3);
  return `${name || 'value'}-${++unique}`;
}

const OVERRIDES: Record<string, (w: World) => Record<string, unknown>> = {
  'POST /v1/buy-in-readings': () => ({ respondents: 10, supportivePct: 50, neutralPct: 30, opposedPct: 20, surveyedOn: day(-2) }),
  'POST /v1/training-records': () => ({ staffInScope: 10, staffTrained: 5, recordedOn: day(-2) }),
  'POST /v1/engagements': () => ({ participants: 5, findings: 'They asked for a simpler form', occurredOn: day(-2) }),
  'POST /v1/kpis/measurements/batch': (w) => ({ items: [{ kpiId: w.ids.kpi, date: day(-1), value: 60 }] }),
  'POST /v1/spend/batch': (w) => ({ items: [{ projectId: w.ids.project, spentOn: day(-1), amount: '5.00', category: 'resource', costType: 'suppliers', supplier: 'Acme' }] }),
  'POST /v1/spend': () => ({ spentOn: day(-1), amount: '5.00' }),
  'POST /v1/forecasts': () => ({ amount: '1000.00', asOf: day(-1) }),
  'POST /v1/budgets': () => ({ amount: '1000.00' }),
  'PUT /v1/kpis/{id}/derivation': (w) => ({ transactionsKpiId: w.ids.kpi }),
  'POST /v1/spend/imports/{id}/rerun': (w) => ({ mapping: { columns: { spentOn: 'Invoice Date', amount: 'Net Amount', supplier: 'Supplier Name' }, defaults: { projectId: w.ids.project }, dateFormat: 'dd/MM/yyyy' } }),
  'POST /v1/people': () => ({ email: `someone-${++unique}@people.gov.uk` }),
  'POST /v1/memberships': () => ({ role: 'project_manager', programmeId: undefined }),
  'PUT /v1/organisation/identity-provider': () => ({ issuer: 'https://login.microsoftonline.com/tenant-id/v2.0', clientSecret: 'secret' }),
};

export function fillPath(op: Operation, world: World, swap: Record<string, string> = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (swap[name] !== undefined) return swap[name];
    if (name === 'date') return day(-1);
    if (name === 'source') return 'jira';
    if (name === 'externalId') return `EXT-${randomUUID().slice(0, 8)}`;
    return world.ids[entityFor(op.path, name) as string] ?? randomUUID();
  });
}

/** A fingerprint of every row an organisation owns, in every tenant table. */
export async function digest(ctx: TestContext, organisationId: string): Promise<string> {
  const tables = (
    await ctx.db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organisation_id' ORDER BY 1`)
  ).rows.map((r) => r.t);
  const parts: string[] = [];
  for (const t of [...tables, 'organisations']) {
    const column = t === 'organisations' ? 'id' : 'organisation_id';
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(row_to_json(x)::text, '|' ORDER BY row_to_json(x)::text), '')) AS h FROM "${t}" x WHERE ${column} = $1`, [organisationId]);
    parts.push(`${t}:${rows[0].n}:${rows[0].h}`);
  }
  return parts.join('\n');
}
