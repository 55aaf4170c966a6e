import { JOBS } from '../queue/queues';

type Job = (typeof JOBS)[keyof typeof JOBS];

/**
 * The set-based form of `TenantTx.outbox`: an INSERT that queues `job` once per row of `from`
 * (a CTE or table, aliased `x`, with an `organisation_id`), in the caller's transaction, so the
 * jobs exist if and only if the rows that asked for them commit. `payload` is a SQL jsonb
 * expression over `x`; `orderBy` sets the order the relay hands them out.
 */
export function enqueueJobsSql(job: Job, from: string, payload: string, orderBy = 'x.organisation_id'): string {
  return `
  INSERT INTO outbox_events (organisation_id, queue, job_name, payload)
  SELECT x.organisation_id, '${job.queue}', '${job.name}', ${payload}
    FROM ${from} x
   ORDER BY ${orderBy}`;
}
