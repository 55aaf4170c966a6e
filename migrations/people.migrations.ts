import { People1763800016000 } from './1763800016000-people';
import { Memberships1763800016100 } from './1763800016100-memberships';
import { AuditPeople1763800016200 } from './1763800016200-audit-people';
import { IntegrationTokens1763800016300 } from './1763800016300-integration-tokens';
import { RecordedByPerson1763800016400 } from './1763800016400-recorded-by-person';
import { RestrictedProgrammesEverywhere1763800029200 } from './1763800029200-restricted-programmes-everywhere';

/** People, their sign-in through the organisation's identity provider, roles and memberships. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PEOPLE_MIGRATIONS: Function[] = [People1763800016000, Memberships1763800016100, AuditPeople1763800016200, IntegrationTokens1763800016300, RecordedByPerson1763800016400, RestrictedProgrammesEverywhere1763800029200];
