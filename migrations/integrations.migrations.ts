import { Webhooks1763800006000 } from './1763800006000-webhooks';

/** The integrations area's migrations (TypeORM orders all migrations by their timestamp). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const INTEGRATIONS_MIGRATIONS: Function[] = [Webhooks1763800006000];
