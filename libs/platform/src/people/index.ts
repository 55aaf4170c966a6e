export * from './roles';
export * from './person.entity';
export * from './identity-provider.entity';
export * from './secret-box';
export * from './people.service';
export * from './identity-provider.service';
export * from './oidc-sign-in.service';
export * from './membership.entity';
export * from './route-subjects';
export * from './permission.service';
export * from './memberships.service';
import { IdentityProviderEntity } from './identity-provider.entity';
import { PersonEntity } from './person.entity';
import { MembershipEntity, ProgrammeRestrictionEntity } from './membership.entity';

export const PEOPLE_ENTITIES = [PersonEntity, IdentityProviderEntity, MembershipEntity, ProgrammeRestrictionEntity];
