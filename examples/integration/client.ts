// The typed client the example integration uses: openapi-fetch over the types openapi-typescript
// generates from the API's OpenAPI document (generated/kpi-tracker.ts; see docs/INTEGRATING.md).
// Every path, parameter, body and answer below is checked by the compiler against that document.
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/kpi-tracker.ts';

/** Every error the API answers: RFC 9457 problem details with a machine `code`. */
export type Problem = components['schemas']['Problem'];

export type KpiTracker = Client<paths>;

/** A schema of the document by name, e.g. Schema<'SpendEntryDto'>. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** A client for the API at KPI_TRACKER_URL, sending the bearer token in KPI_TRACKER_TOKEN. */
export function connect(env: NodeJS.ProcessEnv = process.env): KpiTracker {
  const baseUrl = env.KPI_TRACKER_URL;
  const token = env.KPI_TRACKER_TOKEN;
  if (!baseUrl || !token) {
    console.error('Set KPI_TRACKER_URL (e.g. https://kpi.example.gov.uk) and KPI_TRACKER_TOKEN (a kpit_… token).');
    process.exit(2);
  }
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}

/** Stops on an error the integration cannot handle, saying which step failed and why. */
export function fail(step: string, problem: Problem): never {
  // Branch on `code` (a documented enum); `detail` is for people.
  console.error(`${step} failed: ${problem.status} ${problem.code}: ${problem.detail} (request ${problem.requestId ?? 'unknown'})`);
  process.exit(1);
}

/** Prints what a step did as one JSON object, so a person or a script can read it. */
export function print(result: object): void {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

/** A calendar date `days` from today, as the API writes dates (YYYY-MM-DD). */
export function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
