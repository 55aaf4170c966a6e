import { randomUUID } from 'node:crypto';
import { TestContext } from '@test/support/test-app';
import type { Operation } from './abuse-support';

/**
 * Every operation of the OpenAPI document, by how the abuse suite drives it. A new route fails the
 * suite until it is listed here (and so gets the cross-organisation, scope, extra-field and fuzz
 * checks); a listed route that no longer exists fails it too.
 */
export const ABUSE_CASES: Record<string, 'public' | 'json' | 'multipart' | 'none'> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'POST /v1/tokens': 'json',
  'GET /v1/tokens': 'none',
  'POST /v1/tokens/{id}/rotate': 'json',
  'DELETE /v1/tokens/{id}': 'none',
  'GET /v1/audit-events': 'none',
  'GET /v1/organisation': 'none',
  'GET /v1/organisation/rate-limit': 'none',
  'PATCH /v1/organisation/rate-limit': 'json',
  'POST /v1/objectives': 'json',
  'GET /v1/objectives': 'none',
  'GET /v1/objectives/{id}': 'none',
  'PATCH /v1/objectives/{id}': 'json',
  'POST /v1/programmes': 'json',
  'GET /v1/programmes': 'none',
  'GET /v1/programmes/{id}': 'none',
  'PATCH /v1/programmes/{id}': 'json',
  'POST /v1/programmes/{id}/status-reports': 'json',
  'GET /v1/programmes/{id}/status-reports': 'none',
  'POST /v1/projects': 'json',
  'GET /v1/projects': 'none',
  'PUT /v1/projects/by-ref/{source}/{externalId}': 'json',
  'GET /v1/projects/{id}': 'none',
  'PATCH /v1/projects/{id}': 'json',
  'POST /v1/projects/{id}/status-reports': 'json',
  'GET /v1/projects/{id}/status-reports': 'none',
  'GET /v1/status-reports/{id}': 'none',
  'POST /v1/kpis': 'json',
  'GET /v1/kpis': 'none',
  'POST /v1/kpis/measurements/batch': 'json',
  'GET /v1/kpis/{id}': 'none',
  'PATCH /v1/kpis/{id}': 'json',
  'PUT /v1/kpis/{id}/measurements/{date}': 'json',
  'GET /v1/kpis/{id}/measurements': 'none',
  'PATCH /v1/kpis/{id}/measurements/{date}': 'json',
  'DELETE /v1/kpis/{id}/measurements/{date}': 'json',
  'GET /v1/kpis/{id}/measurements/{date}/history': 'none',
  'GET /v1/projects/{id}/kpi-summary': 'none',
  'GET /v1/programmes/{id}/kpi-summary': 'none',
  'PUT /v1/kpis/{id}/derivation': 'json',
  'GET /v1/kpis/{id}/derivation': 'none',
  'DELETE /v1/kpis/{id}/derivation': 'none',
  'POST /v1/spend/imports': 'multipart',
  'GET /v1/spend/imports': 'none',
  'GET /v1/spend/imports/last-mapping': 'none',
  'GET /v1/spend/imports/{id}': 'none',
  'GET /v1/spend/imports/{id}/issues': 'none',
  'POST /v1/spend/imports/{id}/undo': 'json',
  'POST /v1/spend/imports/{id}/rerun': 'json',
  'POST /v1/spend': 'json',
  'GET /v1/spend': 'none',
  'POST /v1/spend/batch': 'json',
  'POST /v1/spend/{id}/reversal': 'json',
  'GET /v1/spend.csv': 'none',
  'GET /v1/spend/{id}': 'none',
  'POST /v1/budgets': 'json',
  'GET /v1/budgets': 'none',
  'POST /v1/forecasts': 'json',
  'GET /v1/forecasts': 'none',
  'GET /v1/finance/summary': 'none',
  'POST /v1/stakeholder-groups': 'json',
  'GET /v1/stakeholder-groups': 'none',
  'GET /v1/stakeholder-groups/{id}': 'none',
  'PATCH /v1/stakeholder-groups/{id}': 'json',
  'POST /v1/engagements': 'json',
  'GET /v1/engagements': 'none',
  'GET /v1/engagements/{id}': 'none',
  'PATCH /v1/engagements/{id}': 'json',
  'DELETE /v1/engagements/{id}': 'json',
  'GET /v1/engagements/{id}/history': 'none',
  'POST /v1/buy-in-readings': 'json',
  'GET /v1/buy-in-readings': 'none',
  'GET /v1/buy-in-readings/{id}': 'none',
  'PATCH /v1/buy-in-readings/{id}': 'json',
  'DELETE /v1/buy-in-readings/{id}': 'json',
  'GET /v1/buy-in-readings/{id}/history': 'none',
  'POST /v1/training-records': 'json',
  'GET /v1/training-records': 'none',
  'GET /v1/training-records/{id}': 'none',
  'PATCH /v1/training-records/{id}': 'json',
  'DELETE /v1/training-records/{id}': 'json',
  'GET /v1/training-records/{id}/history': 'none',
  'GET /v1/projects/{id}/engagement': 'none',
  'POST /v1/webhooks': 'json',
  'GET /v1/webhooks': 'none',
  'GET /v1/webhooks/{id}': 'none',
  'PATCH /v1/webhooks/{id}': 'json',
  'DELETE /v1/webhooks/{id}': 'none',
  'POST /v1/webhooks/{id}/rotate-secret': 'none',
  'GET /v1/webhooks/{id}/deliveries': 'none',
  'GET /v1/webhooks/{id}/deliveries/{deliveryId}': 'none',
  'GET /v1/flags': 'none',
  'GET /v1/flags/{id}': 'none',
  'POST /v1/flags/{id}/acknowledge': 'json',
  'POST /v1/governance/scans': 'none',
  'GET /v1/governance/scans/{id}': 'none',
  'GET /v1/governance/coverage': 'none',
  'GET /v1/projects/{id}/rating': 'none',
  'GET /v1/organisation/settings': 'none',
  'PATCH /v1/organisation/settings': 'json',
  'GET /v1/portfolio': 'none',
  'GET /v1/portfolio.csv': 'none',
  'GET /v1/me': 'none',
  'GET /v1/people': 'none',
  'POST /v1/people': 'json',
  'GET /v1/people/{id}': 'none',
  'PATCH /v1/people/{id}/roles': 'json',
  'POST /v1/people/{id}/deactivate': 'none',
  'POST /v1/memberships': 'json',
  'GET /v1/memberships': 'none',
  'DELETE /v1/memberships/{id}': 'none',
  'GET /v1/programmes/{id}/restriction': 'none',
  'PUT /v1/programmes/{id}/restriction': 'json',
  'GET /v1/organisation/identity-provider': 'none',
  'PUT /v1/organisation/identity-provider': 'json',
};

export interface Sent {
  status: number;
  body: unknown;
  text: string;
  headers: Record<string, unknown>;
}

/** One request through Fastify's inject (no sockets: fast enough for thousands). */
export async function send(ctx: TestContext, op: Pick<Operation, 'method' | 'multipart'>, token: string | null, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Sent> {
  const response = await ctx.app.getHttpAdapter().getInstance().inject({
    method: op.method.toUpperCase() as 'GET',
    url,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      'idempotency-key': randomUUID(),
      'if-match': '"1"',
      ...headers,
    },
    ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  let parsed: unknown = response.body;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    /* not JSON: CSV or HTML */
  }
  return { status: response.statusCode, body: parsed, text: response.body, headers: response.headers };
}
