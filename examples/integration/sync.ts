// An example integration, step 1 of 2: push what a project tool and a finance system know.
//
//   KPI_TRACKER_URL=… KPI_TRACKER_TOKEN=… node examples/integration/sync.ts
//
// The token needs portfolio:write, kpis:write and finance:write. Run it once against an organisation
// that has no programme coded EX yet (a second run is refused with `code_taken`, by design).
// It prints what it did as one JSON object.
import { randomUUID } from 'node:crypto';
import { connect, fail, isoDate, print, type Schema } from './client.ts';

const api = connect();

// A programme, and a project in it stating the user need it serves.
const programme = await api.POST('/v1/programmes', {
  body: { code: 'EX', name: 'Example customer services programme', sro: 'Director of Customer Services' },
});
if (programme.error) fail('Creating the programme', programme.error);

const project = await api.POST('/v1/projects', {
  body: {
    programmeId: programme.data.id,
    code: 'EX-01',
    name: 'Online council tax account',
    phase: 'beta',
    userNeed: 'As a council tax payer I need to pay online so that I do not have to phone',
  },
});
if (project.error) fail('Creating the project', project.error);

// A KPI of that project: a GOV.UK Service Standard kind fills in its name, unit and direction.
const kpi = await api.POST('/v1/kpis', {
  body: { projectId: project.data.id, kind: 'user_satisfaction', baselineValue: 62, baselineDate: isoDate(-365), targetValue: 85, targetDate: isoDate(365) },
});
if (kpi.error) fail('Creating the KPI', kpi.error);

// A project the project tool owns, addressed by its own id: the first call creates it (201) ...
const byRef = { path: { source: 'jira', externalId: 'EX-2' } };
const created = await api.PUT('/v1/projects/by-ref/{source}/{externalId}', {
  params: byRef,
  body: { programmeId: programme.data.id, code: 'EX-02', name: 'Report a missed bin', phase: 'alpha', description: 'Imported from Jira' },
});
if (created.error) fail('Creating the project by its Jira id', created.error);

// ... and every later call updates the same project (200). The body is a JSON Merge Patch: fields
// left out (the description here) are kept, so a sync never wipes what people entered.
const renamed = await api.PUT('/v1/projects/by-ref/{source}/{externalId}', {
  params: byRef,
  body: { name: 'Report a missed bin collection', phase: 'beta' },
});
if (renamed.error) fail('Updating the project by its Jira id', renamed.error);

// null clears a field that may be empty.
const cleared = await api.PUT('/v1/projects/by-ref/{source}/{externalId}', { params: byRef, body: { description: null } });
if (cleared.error) fail('Clearing the description', cleared.error);

// Measurements in one batch: each item is answered on its own, keyed by KPI and date, so sending
// the batch again is `unchanged`, never a duplicate.
const measurements = await api.POST('/v1/kpis/measurements/batch', {
  body: {
    items: [
      { kpiId: kpi.data.id, date: isoDate(-90), value: 64 },
      { kpiId: kpi.data.id, date: isoDate(-60), value: 67.5 },
      { kpiId: kpi.data.id, date: isoDate(-30), value: 71 },
    ],
  },
});
if (measurements.error) fail('Recording the measurements', measurements.error);

// Spend must not count twice: one Idempotency-Key per payment, reused only to retry that payment.
const idempotencyKey = randomUUID();
const payment: Schema<'SpendEntryDto'> = {
  projectId: project.data.id,
  spentOn: isoDate(-10),
  amount: '12500.00',
  category: 'resource',
  costType: 'user_research',
  supplier: 'Acme Research Ltd',
  externalId: `AP-${idempotencyKey}`,
};
const spend = await api.POST('/v1/spend', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body: payment });
if (spend.error) fail('Recording spend', spend.error);
// A retry (say the first answer was lost to a timeout) with the same key and body gets the first
// answer again, marked Idempotent-Replayed, and records nothing more.
const retry = await api.POST('/v1/spend', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body: payment });
if (retry.error) fail('Retrying the spend', retry.error);

print({
  programmeId: programme.data.id,
  projectId: project.data.id,
  kpi: { id: kpi.data.id, name: kpi.data.name, unit: kpi.data.unit },
  byRef: {
    projectId: created.data.id,
    statuses: [created.response.status, renamed.response.status, cleared.response.status],
    sameProject: renamed.data.id === created.data.id && cleared.data.id === created.data.id,
    name: cleared.data.name,
    phase: cleared.data.phase,
    descriptionKeptByRename: renamed.data.description,
    descriptionAfterNull: cleared.data.description,
    externalRef: cleared.data.externalRef,
  },
  measurements: measurements.data.summary,
  spend: {
    id: spend.data.id,
    amount: spend.data.amount,
    status: spend.response.status,
    retryStatus: retry.response.status,
    retryReplayed: retry.response.headers.get('idempotent-replayed') === 'true',
    retrySameEntry: retry.data.id === spend.data.id,
  },
});
