import { Accountability1763800018000 } from './1763800018000-accountability';

/** The accountability area's migrations: owners, actions and the RAID log. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ACCOUNTABILITY_MIGRATIONS: Function[] = [Accountability1763800018000];
