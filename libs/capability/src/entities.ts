import { CapabilityRoleEntity } from './capability-role.entity';
import { KnowledgeTransferEntity } from './knowledge-transfer.entity';

/** Every entity of the capability area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const CAPABILITY_ENTITIES: Function[] = [CapabilityRoleEntity, KnowledgeTransferEntity];
