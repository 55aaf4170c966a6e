export * from './roles';
export * from './person.entity';
export * from './identity-provider.entity';
export * from './secret-box';
export * from './people.service';
export * from './identity-provider.service';
export * from './oidc-sign-in.service';
import { IdentityProviderEntity } from './identity-provider.entity';
import { PersonEntity } from './person.entity';

export const PEOPLE_ENTITIES = [PersonEntity, IdentityProviderEntity];
