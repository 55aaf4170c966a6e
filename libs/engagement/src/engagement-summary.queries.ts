import { TenantTx } from '@app/platform';
import { BuyInTrend, EngagementKind, GroupKind, PUBLIC_GROUP_KINDS, sqlList } from './engagement.enums';
import { requireProject } from './evidence-scope';

/** A change in the supportive share smaller than this many points is noise, reported as "same". */
export const BUY_IN_TREND_BAND_PCT = 1;
/** The open-loop list is the oldest loops first, capped; `openLoops.count` is always the full count. */
export const OPEN_LOOPS_LISTED = 100;

export interface EngagementSummary {
  projectId: string;
  /** The date ages are measured to (today in Europe/London). */
  asOf: string;
  lastExternalFeedback: { engagementId: string; occurredOn: string; ageDays: number; kind: EngagementKind; groupId: string; groupName: string } | null;
  openLoops: { count: number; items: { engagementId: string; occurredOn: string; ageDays: number; kind: EngagementKind; groupId: string; groupName: string; groupInternal: boolean }[] };
  /** Every internal group, with its latest reading (null when never surveyed) and the trend against the one before. */
  buyIn: {
    groupId: string;
    groupName: string;
    groupKind: GroupKind;
    latest: { readingId: string; surveyedOn: string; ageDays: number; respondents: number; supportivePct: number; neutralPct: number; opposedPct: number } | null;
    previous: { readingId: string; surveyedOn: string; supportivePct: number } | null;
    supportiveChange: number | null;
    trend: BuyInTrend | null;
  }[];
  /** Every internal group, and any external group with training records: the latest record of each. */
  training: {
    groupId: string;
    groupName: string;
    groupKind: GroupKind;
    groupInternal: boolean;
    latest: { recordId: string; recordedOn: string; ageDays: number; staffInScope: number; staffTrained: number; coveragePct: number; course: string | null } | null;
  }[];
  /** Latest record per group, summed over the groups that have one. */
  trainingCoverage: { staffInScope: number; staffTrained: number; coveragePct: number | null };
  /** Co-design engagements with citizens or service users (only 12% of bodies involve citizens in design). */
  citizenCoDesignCount: number;
  counts: {
    groups: number;
    internalGroups: number;
    externalGroups: number;
    engagements: number;
    externalEngagements: number;
    openLoops: number;
    closedLoops: number;
    buyInReadings: number;
    trainingRecords: number;
  };
}

// Named queries. $1 organisation, $2 project, $3 the as-of date (COUNTS has no $3). Dates come back as text: the pg
// driver would otherwise turn a date into a local-time JavaScript Date.

const COUNTS = `
  SELECT (SELECT count(*) FROM stakeholder_groups g WHERE g.organisation_id = $1 AND g.project_id = $2)::int AS groups,
         (SELECT count(*) FROM stakeholder_groups g WHERE g.organisation_id = $1 AND g.project_id = $2 AND g.internal)::int AS internal_groups,
         (SELECT count(*) FROM buy_in_readings r WHERE r.organisation_id = $1 AND r.project_id = $2)::int AS buy_in_readings,
         (SELECT count(*) FROM training_records t WHERE t.organisation_id = $1 AND t.project_id = $2)::int AS training_records,
         e.*
    FROM (SELECT count(*)::int AS engagements,
                 (count(*) FILTER (WHERE NOT g.internal))::int AS external_engagements,
                 (count(*) FILTER (WHERE e.actions_recorded_at IS NULL))::int AS open_loops,
                 (count(*) FILTER (WHERE e.actions_recorded_at IS NOT NULL))::int AS closed_loops,
                 (count(*) FILTER (WHERE e.kind = 'co_design' AND g.kind IN (${sqlList(PUBLIC_GROUP_KINDS)})))::int AS citizen_co_design
            FROM engagements e
            JOIN stakeholder_groups g ON g.organisation_id = e.organisation_id AND g.id = e.group_id
           WHERE e.organisation_id = $1 AND e.project_id = $2) e`;

const LAST_EXTERNAL_FEEDBACK = `
  SELECT e.id, e.occurred_on::text AS occurred_on, ($3::date - e.occurred_on) AS age_days, e.kind, g.id AS group_id, g.name AS group_name
    FROM engagements e
    JOIN stakeholder_groups g ON g.organisation_id = e.organisation_id AND g.id = e.group_id
   WHERE e.organisation_id = $1 AND e.project_id = $2 AND NOT g.internal
   ORDER BY e.occurred_on DESC, e.created_at DESC, e.id DESC
   LIMIT 1`;

const OPEN_LOOPS = `
  SELECT e.id, e.occurred_on::text AS occurred_on, ($3::date - e.occurred_on) AS age_days, e.kind, g.id AS group_id, g.name AS group_name, g.internal
    FROM engagements e
    JOIN stakeholder_groups g ON g.organisation_id = e.organisation_id AND g.id = e.group_id
   WHERE e.organisation_id = $1 AND e.project_id = $2 AND e.actions_recorded_at IS NULL
   ORDER BY e.occurred_on, e.id
   LIMIT ${OPEN_LOOPS_LISTED}`;

/** The two latest readings of every internal group (rn 1 = latest, 2 = previous; none: one row with nulls). */
const BUY_IN_LATEST_TWO = `
  SELECT g.id AS group_id, g.name AS group_name, g.kind AS group_kind, r.rn, r.id, r.surveyed_on::text AS surveyed_on, ($3::date - r.surveyed_on) AS age_days,
         r.respondents, r.supportive_pct::text AS supportive_pct, r.neutral_pct::text AS neutral_pct, r.opposed_pct::text AS opposed_pct
    FROM stakeholder_groups g
    LEFT JOIN LATERAL (
      SELECT b.*, row_number() OVER (ORDER BY b.surveyed_on DESC, b.created_at DESC, b.id DESC) AS rn
        FROM buy_in_readings b
       WHERE b.organisation_id = g.organisation_id AND b.group_id = g.id
       ORDER BY b.surveyed_on DESC, b.created_at DESC, b.id DESC
       LIMIT 2) r ON true
   WHERE g.organisation_id = $1 AND g.project_id = $2 AND g.internal
   ORDER BY g.name, g.id, r.rn`;

const TRAINING_LATEST = `
  SELECT g.id AS group_id, g.name AS group_name, g.kind AS group_kind, g.internal, t.id, t.recorded_on::text AS recorded_on, ($3::date - t.recorded_on) AS age_days,
         t.staff_in_scope, t.staff_trained, round(t.staff_trained * 100.0 / t.staff_in_scope, 1)::text AS coverage_pct, t.course
    FROM stakeholder_groups g
    LEFT JOIN LATERAL (
      SELECT x.* FROM training_records x
       WHERE x.organisation_id = g.organisation_id AND x.group_id = g.id
       ORDER BY x.recorded_on DESC, x.created_at DESC, x.id DESC
       LIMIT 1) t ON true
   WHERE g.organisation_id = $1 AND g.project_id = $2 AND (g.internal OR t.id IS NOT NULL)
   ORDER BY g.name, g.id`;

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v);
/** The group a buy-in or training row belongs to. */
const groupOf = (row: Row) => ({ groupId: row.group_id as string, groupName: row.group_name as string, groupKind: row.group_kind as GroupKind });

function trendOf(latest: number, previous: number): { change: number; trend: BuyInTrend } {
  // In hundredths so that the band is exact for numeric(5,2) shares.
  const delta = Math.round(latest * 100) - Math.round(previous * 100);
  const trend: BuyInTrend = Math.abs(delta) < BUY_IN_TREND_BAND_PCT * 100 ? 'same' : delta > 0 ? 'improving' : 'worsening';
  return { change: delta / 100, trend };
}

/**
 * A project's stakeholder evidence in one read: the feedback loop, buy-in and training. Takes the
 * caller's TenantTx (run it REPEATABLE READ for one consistent snapshot) so the board dashboard and
 * governance explanations can reuse it. Throws 404 for a project outside the organisation.
 */
export async function buildEngagementSummary(tx: TenantTx, projectId: string, asOf: string): Promise<EngagementSummary> {
  await requireProject(tx, projectId);
  const params = [tx.organisationId, projectId, asOf];
  // One after another: they share the transaction's single connection.
  const [counts] = await tx.query<Row>(COUNTS, params.slice(0, 2));
  const [last] = await tx.query<Row>(LAST_EXTERNAL_FEEDBACK, params);
  const loops = await tx.query<Row>(OPEN_LOOPS, params);
  const buyInRows = await tx.query<Row>(BUY_IN_LATEST_TWO, params);
  const trainingRows = await tx.query<Row>(TRAINING_LATEST, params);

  const buyIn: EngagementSummary['buyIn'] = [];
  for (const row of buyInRows) {
    if (row.rn === null || num(row.rn) === 1) {
      buyIn.push({
        ...groupOf(row),
        latest:
          row.id === null
            ? null
            : {
                readingId: row.id as string,
                surveyedOn: row.surveyed_on as string,
                ageDays: num(row.age_days),
                respondents: num(row.respondents),
                supportivePct: num(row.supportive_pct),
                neutralPct: num(row.neutral_pct),
                opposedPct: num(row.opposed_pct),
              },
        previous: null,
        supportiveChange: null,
        trend: null,
      });
    } else {
      const entry = buyIn[buyIn.length - 1];
      entry.previous = { readingId: row.id as string, surveyedOn: row.surveyed_on as string, supportivePct: num(row.supportive_pct) };
      const { change, trend } = trendOf(entry.latest!.supportivePct, entry.previous.supportivePct);
      entry.supportiveChange = change;
      entry.trend = trend;
    }
  }

  let staffInScope = 0;
  let staffTrained = 0;
  const training: EngagementSummary['training'] = trainingRows.map((row) => {
    if (row.id !== null) {
      staffInScope += num(row.staff_in_scope);
      staffTrained += num(row.staff_trained);
    }
    return {
      ...groupOf(row),
      groupInternal: row.internal as boolean,
      latest:
        row.id === null
          ? null
          : {
              recordId: row.id as string,
              recordedOn: row.recorded_on as string,
              ageDays: num(row.age_days),
              staffInScope: num(row.staff_in_scope),
              staffTrained: num(row.staff_trained),
              coveragePct: num(row.coverage_pct),
              course: row.course as string | null,
            },
    };
  });

  return {
    projectId,
    asOf,
    lastExternalFeedback: last
      ? { engagementId: last.id as string, occurredOn: last.occurred_on as string, ageDays: num(last.age_days), kind: last.kind as EngagementKind, groupId: last.group_id as string, groupName: last.group_name as string }
      : null,
    openLoops: {
      count: num(counts.open_loops),
      items: loops.map((row) => ({
        engagementId: row.id as string,
        occurredOn: row.occurred_on as string,
        ageDays: num(row.age_days),
        kind: row.kind as EngagementKind,
        groupId: row.group_id as string,
        groupName: row.group_name as string,
        groupInternal: row.internal as boolean,
      })),
    },
    buyIn,
    training,
    // Integer arithmetic, rounded half up to one decimal, like the per-group figures from SQL.
    trainingCoverage: { staffInScope, staffTrained, coveragePct: staffInScope === 0 ? null : Math.round((staffTrained * 1000) / staffInScope) / 10 },
    citizenCoDesignCount: num(counts.citizen_co_design),
    counts: {
      groups: num(counts.groups),
      internalGroups: num(counts.internal_groups),
      externalGroups: num(counts.groups) - num(counts.internal_groups),
      engagements: num(counts.engagements),
      externalEngagements: num(counts.external_engagements),
      openLoops: num(counts.open_loops),
      closedLoops: num(counts.closed_loops),
      buyInReadings: num(counts.buy_in_readings),
      trainingRecords: num(counts.training_records),
    },
  };
}
