import { Pool } from 'pg';
import { addDays, todayInLondon } from '@app/platform';

let seq = 0;
const next = () => `${process.pid}-${++seq}`;

/** n days before the api's "today" (Europe/London), as YYYY-MM-DD; negative n is in the future. */
export const daysAgo = (n: number): string => addDays(todayInLondon(), -n);

export interface GroupRow {
  id: string;
  projectId: string;
  name: string;
}

/** Arranges engagement rows directly in SQL (owner connection), for tests that need a known history. */
export async function insertGroup(
  db: Pool,
  organisationId: string,
  projectId: string,
  overrides: { name?: string; kind?: string; internal?: boolean; size?: number | null } = {},
): Promise<GroupRow> {
  const kind = overrides.kind ?? 'citizens';
  const internal = overrides.internal ?? ['frontline_staff', 'back_office_staff', 'leadership'].includes(kind);
  const { rows } = await db.query(
    `INSERT INTO stakeholder_groups (organisation_id, project_id, name, kind, internal, size) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, project_id AS "projectId", name`,
    [organisationId, projectId, overrides.name ?? `Group ${next()}`, kind, internal, overrides.size ?? null],
  );
  return rows[0];
}

export async function insertEngagement(
  db: Pool,
  organisationId: string,
  group: GroupRow,
  overrides: { kind?: string; occurredOn?: string; participants?: number; findings?: string; actionsTaken?: string | null } = {},
): Promise<string> {
  const actions = overrides.actionsTaken ?? null;
  const { rows } = await db.query(
    `INSERT INTO engagements (organisation_id, project_id, group_id, kind, occurred_on, participants, findings, actions_taken, actions_recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text, CASE WHEN $8::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
    [organisationId, group.projectId, group.id, overrides.kind ?? 'user_research', overrides.occurredOn ?? daysAgo(1), overrides.participants ?? 8, overrides.findings ?? 'People struggled to find the form', actions],
  );
  return rows[0].id;
}

export async function insertBuyIn(
  db: Pool,
  organisationId: string,
  group: GroupRow,
  reading: { surveyedOn: string; supportivePct: string; neutralPct: string; opposedPct: string; respondents?: number },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO buy_in_readings (organisation_id, project_id, group_id, surveyed_on, respondents, supportive_pct, neutral_pct, opposed_pct)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [organisationId, group.projectId, group.id, reading.surveyedOn, reading.respondents ?? 20, reading.supportivePct, reading.neutralPct, reading.opposedPct],
  );
  return rows[0].id;
}

export async function insertTraining(db: Pool, organisationId: string, group: GroupRow, record: { recordedOn: string; staffInScope: number; staffTrained: number; course?: string }): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO training_records (organisation_id, project_id, group_id, recorded_on, staff_in_scope, staff_trained, course)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [organisationId, group.projectId, group.id, record.recordedOn, record.staffInScope, record.staffTrained, record.course ?? null],
  );
  return rows[0].id;
}
