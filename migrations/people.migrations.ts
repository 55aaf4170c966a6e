import { People1763800016000 } from './1763800016000-people';

/** People, their sign-in through the organisation's identity provider, roles and memberships. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PEOPLE_MIGRATIONS: Function[] = [People1763800016000];
