/** What a route acts on, so a person's permission can be checked against that programme or project. */
export type SubjectKind = 'programme' | 'project' | 'kpi' | 'flag' | 'status_report' | 'stakeholder_group' | 'engagement' | 'buy_in_reading' | 'training_record' | 'spend_entry' | 'commitment' | 'action' | 'risk' | 'issue' | 'decision' | 'dependency' | 'milestone' | 'benefit';

export interface RouteSubject {
  kind: SubjectKind;
  /** Where the id is: a path parameter, a body field, or a field of every body item (batch routes). */
  from: 'param' | 'body' | 'items';
  field: string;
}

const param = (kind: SubjectKind, field = 'id'): RouteSubject => ({ kind, from: 'param', field });
const body = (kind: SubjectKind, field: string): RouteSubject => ({ kind, from: 'body', field });

/**
 * The subject of every route that reads or writes within one programme or project, keyed by
 * "METHOD /path" as the router knows it. Routes not listed act on the organisation as a whole
 * (creating programmes, objectives, scans, imports, settings), which only organisation roles may do.
 * The permission matrix test fails for a write route missing here that a membership could use.
 */
export const ROUTE_SUBJECTS: Record<string, RouteSubject> = {
  'GET /v1/programmes/:id': param('programme'),
  'PATCH /v1/programmes/:id': param('programme'),
  'POST /v1/programmes/:id/status-reports': param('programme'),
  'GET /v1/programmes/:id/status-reports': param('programme'),
  'GET /v1/programmes/:id/kpi-summary': param('programme'),
  'POST /v1/projects': body('programme', 'programmeId'),
  'GET /v1/projects/:id': param('project'),
  'PATCH /v1/projects/:id': param('project'),
  'POST /v1/projects/:id/status-reports': param('project'),
  'GET /v1/projects/:id/status-reports': param('project'),
  'GET /v1/projects/:id/kpi-summary': param('project'),
  'GET /v1/projects/:id/rating': param('project'),
  'GET /v1/projects/:id/engagement': param('project'),
  'GET /v1/projects/:id/capability': param('project'),
  'GET /v1/programmes/:id/capability': param('programme'),
  'POST /v1/projects/:id/capability-roles': param('project'),
  'POST /v1/projects/:id/knowledge-transfers': param('project'),
  'GET /v1/status-reports/:id': param('status_report'),
  'POST /v1/status-reports/:id/submit': param('status_report'),
  'POST /v1/status-reports/:id/approve': param('status_report'),
  'POST /v1/status-reports/:id/return': param('status_report'),
  'POST /v1/kpis': body('project', 'projectId'),
  'GET /v1/kpis/:id': param('kpi'),
  'PATCH /v1/kpis/:id': param('kpi'),
  'PUT /v1/kpis/:id/measurements/:date': param('kpi'),
  'GET /v1/kpis/:id/measurements': param('kpi'),
  'PATCH /v1/kpis/:id/measurements/:date': param('kpi'),
  'DELETE /v1/kpis/:id/measurements/:date': param('kpi'),
  'GET /v1/kpis/:id/measurements/:date/history': param('kpi'),
  'POST /v1/kpis/measurements/batch': { kind: 'kpi', from: 'items', field: 'kpiId' },
  'PUT /v1/kpis/:id/derivation': param('kpi'),
  'GET /v1/kpis/:id/derivation': param('kpi'),
  'DELETE /v1/kpis/:id/derivation': param('kpi'),
  'GET /v1/flags/:id': param('flag'),
  'POST /v1/flags/:id/acknowledge': param('flag'),
  'POST /v1/stakeholder-groups': body('project', 'projectId'),
  'GET /v1/stakeholder-groups/:id': param('stakeholder_group'),
  'PATCH /v1/stakeholder-groups/:id': param('stakeholder_group'),
  'POST /v1/engagements': body('project', 'projectId'),
  'GET /v1/engagements/:id': param('engagement'),
  'PATCH /v1/engagements/:id': param('engagement'),
  'DELETE /v1/engagements/:id': param('engagement'),
  'GET /v1/engagements/:id/history': param('engagement'),
  'POST /v1/buy-in-readings': body('project', 'projectId'),
  'GET /v1/buy-in-readings/:id': param('buy_in_reading'),
  'PATCH /v1/buy-in-readings/:id': param('buy_in_reading'),
  'DELETE /v1/buy-in-readings/:id': param('buy_in_reading'),
  'GET /v1/buy-in-readings/:id/history': param('buy_in_reading'),
  'POST /v1/training-records': body('project', 'projectId'),
  'GET /v1/training-records/:id': param('training_record'),
  'PATCH /v1/training-records/:id': param('training_record'),
  'DELETE /v1/training-records/:id': param('training_record'),
  'GET /v1/training-records/:id/history': param('training_record'),
  'POST /v1/spend': body('project', 'projectId'),
  'POST /v1/spend/batch': { kind: 'project', from: 'items', field: 'projectId' },
  'POST /v1/spend/:id/reversal': param('spend_entry'),
  'GET /v1/spend/:id': param('spend_entry'),
  'POST /v1/budgets': body('project', 'projectId'),
  'POST /v1/forecasts': body('project', 'projectId'),
  'POST /v1/commitments': body('project', 'projectId'),
  'GET /v1/commitments/:id': param('commitment'),
  'GET /v1/projects/:id/budget-history': param('project'),
  'GET /v1/projects/:id/whole-life-cost': param('project'),
  'POST /v1/projects/:id/whole-life-cost': param('project'),
  'PUT /v1/programmes/:id/owner': param('programme'),
  'GET /v1/programmes/:id/owner': param('programme'),
  'PUT /v1/projects/:id/owner': param('project'),
  'GET /v1/projects/:id/owner': param('project'),
  'GET /v1/projects/:id/accountability': param('project'),
  'PUT /v1/kpis/:id/owner': param('kpi'),
  'GET /v1/kpis/:id/owner': param('kpi'),
  'POST /v1/flags/:id/actions': param('flag'),
  'POST /v1/flags/:id/accept': param('flag'),
  'POST /v1/risks/:id/actions': param('risk'),
  'POST /v1/issues/:id/actions': param('issue'),
  'POST /v1/decisions/:id/actions': param('decision'),
  'POST /v1/status-reports/:id/actions': param('status_report'),
  'GET /v1/actions/:id': param('action'),
  'PATCH /v1/actions/:id': param('action'),
  ...Object.fromEntries(
    (['risk', 'issue', 'decision', 'dependency'] as const).flatMap((kind) => {
      const path = `/v1/${kind === 'dependency' ? 'dependencies' : `${kind}s`}`;
      return [
        [`POST ${path}`, body('project', 'projectId')],
        [`GET ${path}/:id`, param(kind)],
        [`GET ${path}/:id/history`, param(kind)],
        [`PATCH ${path}/:id`, param(kind)],
      ];
    }),
  ),
  'POST /v1/projects/:id/milestones': param('project'),
  'POST /v1/programmes/:id/milestones': param('programme'),
  'GET /v1/projects/:id/milestones': param('project'),
  'GET /v1/programmes/:id/milestones': param('programme'),
  'GET /v1/milestones/:id': param('milestone'),
  'PATCH /v1/milestones/:id': param('milestone'),
  'POST /v1/milestones/:id/rebaselines': param('milestone'),
  'POST /v1/projects/:id/benefits': param('project'),
  'POST /v1/programmes/:id/benefits': param('programme'),
  'GET /v1/projects/:id/benefits': param('project'),
  'GET /v1/programmes/:id/benefits': param('programme'),
  'GET /v1/benefits/:id': param('benefit'),
  'PATCH /v1/benefits/:id': param('benefit'),
  'PUT /v1/benefits/:id/profile': param('benefit'),
  'POST /v1/benefits/:id/realisations': param('benefit'),
  'GET /board/projects/:id': param('project'),
  'POST /board/flags/:id/acknowledge': param('flag'),
  'GET /board/projects/:id/measurements/new': param('project'),
  'POST /board/projects/:id/measurements': param('project'),
  'GET /board/projects/:id/measurements/recorded': param('project'),
  'GET /board/kpis/:id/measurements': param('kpi'),
  'GET /board/kpis/:id/measurements/:date/correct': param('kpi'),
  'POST /board/kpis/:id/measurements/:date/correct': param('kpi'),
  'GET /board/kpis/:id/measurements/:date/corrected': param('kpi'),
  'GET /board/projects/:id/engagements/new': param('project'),
  'POST /board/projects/:id/engagements': param('project'),
  'GET /board/engagements/:id/recorded': param('engagement'),
  'GET /board/projects/:id/buy-in/new': param('project'),
  'POST /board/projects/:id/buy-in': param('project'),
  'GET /board/projects/:id/training/new': param('project'),
  'POST /board/projects/:id/training': param('project'),
  'GET /board/projects/:id/status-reports/new': param('project'),
  'POST /board/projects/:id/status-reports': param('project'),
  'GET /board/projects/:id/status-reports/submitted': param('project'),
  'GET /board/projects/:id/records': param('project'),
  'GET /board/flags/:id/actions/new': param('flag'),
  'POST /board/flags/:id/actions': param('flag'),
  'GET /board/actions/:id/assigned': param('action'),
  'GET /board/engagements/:id/correct': param('engagement'),
  'POST /board/engagements/:id/correct': param('engagement'),
  'GET /board/engagements/:id/corrected': param('engagement'),
  'GET /board/buy-in-readings/:id/correct': param('buy_in_reading'),
  'POST /board/buy-in-readings/:id/correct': param('buy_in_reading'),
  'GET /board/buy-in-readings/:id/corrected': param('buy_in_reading'),
  'GET /board/training-records/:id/correct': param('training_record'),
  'POST /board/training-records/:id/correct': param('training_record'),
  'GET /board/training-records/:id/corrected': param('training_record'),
};

/**
 * Routes that name their record by the integrating tool's own reference, not our id. The service
 * finds the record, and the project or programme the body names, under the caller's row-level
 * visibility, so a token limited to some programmes may use them within those programmes and is
 * answered 404 for a record (or a place) outside them. People still need an organisation role.
 */
export const ROUTES_BY_REFERENCE: ReadonlySet<string> = new Set([
  'PUT /v1/projects/by-ref/:source/:externalId',
  'PUT /v1/kpis/by-ref/:source/:externalId',
  'POST /v1/kpis/by-ref/:source/:externalId/measurements',
  'PUT /v1/stakeholder-groups/by-ref/:source/:externalId',
  'PUT /v1/milestones/by-ref/:source/:externalId',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subject ids a request names (well-formed ones only: the route's own validation reports the rest). */
export function subjectIds(subject: RouteSubject, request: { params?: unknown; body?: unknown }): string[] {
  const from = (value: unknown) => (typeof value === 'string' && UUID.test(value) ? [value.toLowerCase()] : []);
  if (subject.from === 'param') return from((request.params as Record<string, unknown> | undefined)?.[subject.field]);
  const body = request.body as Record<string, unknown> | undefined;
  if (subject.from === 'body') return from(body?.[subject.field]);
  const items = Array.isArray(body?.items) ? (body.items as Record<string, unknown>[]) : [];
  return [...new Set(items.flatMap((item) => from(item?.[subject.field])))];
}
