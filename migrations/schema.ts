import { ApiTokenEntity, AuditEventEntity, IdempotencyKeyEntity, OrganisationEntity, OutboxEventEntity, SchemaRegistry, WorkerHeartbeatEntity } from '@app/platform';
import { Foundation1763800000000 } from './1763800000000-foundation';

/**
 * The schema: every entity and every migration, in order. The drift test checks that migrating an
 * empty database gives exactly what these entities describe.
 */
export const SCHEMA: SchemaRegistry = {
  entities: [OrganisationEntity, ApiTokenEntity, AuditEventEntity, OutboxEventEntity, IdempotencyKeyEntity, WorkerHeartbeatEntity],
  migrations: [Foundation1763800000000],
};
