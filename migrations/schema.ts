import { ApiTokenEntity, AuditChainHeadEntity, AuditEventEntity, IdempotencyKeyEntity, OrganisationEntity, OutboxEventEntity, PEOPLE_ENTITIES, SchemaRegistry, WorkerHeartbeatEntity } from '@app/platform';
import { PORTFOLIO_ENTITIES } from '@app/portfolio';
import { KPIS_ENTITIES } from '@app/kpis';
import { FINANCE_ENTITIES } from '@app/finance';
import { ENGAGEMENT_ENTITIES } from '@app/engagement';
import { INTEGRATIONS_ENTITIES } from '@app/integrations';
import { GOVERNANCE_ENTITIES } from '@app/governance';
import { REPORTING_ENTITIES } from '@app/reporting';
import { ACCOUNTABILITY_ENTITIES } from '@app/accountability';
import { NOTIFICATIONS_ENTITIES } from '@app/notifications';
import { CAPABILITY_ENTITIES } from '@app/capability';
import { BENCHMARKS_ENTITIES } from '@app/benchmarks';
import { DELIVERY_ENTITIES } from '@app/delivery';
import { Foundation1763800000000 } from './1763800000000-foundation';
import { PORTFOLIO_MIGRATIONS } from './portfolio.migrations';
import { KPIS_MIGRATIONS } from './kpis.migrations';
import { FINANCE_MIGRATIONS } from './finance.migrations';
import { ENGAGEMENT_MIGRATIONS } from './engagement.migrations';
import { INTEGRATIONS_MIGRATIONS } from './integrations.migrations';
import { GOVERNANCE_MIGRATIONS } from './governance.migrations';
import { RELIABILITY_MIGRATIONS } from './reliability.migrations';
import { BOARD_MIGRATIONS } from './board.migrations';
import { PERFORMANCE_MIGRATIONS } from './performance.migrations';
import { PEOPLE_MIGRATIONS } from './people.migrations';
import { ACCOUNTABILITY_MIGRATIONS } from './accountability.migrations';
import { NOTIFICATIONS_MIGRATIONS } from './notifications.migrations';
import { CAPABILITY_MIGRATIONS } from './capability.migrations';
import { DELIVERY_MIGRATIONS } from './delivery.migrations';

/**
 * The schema: every entity and every migration. Each area keeps its own lists; the drift test
 * checks that migrating an empty database gives exactly what these entities describe.
 */
export const SCHEMA: SchemaRegistry = {
  entities: [
    ...[OrganisationEntity, ApiTokenEntity, AuditEventEntity, AuditChainHeadEntity, OutboxEventEntity, IdempotencyKeyEntity, WorkerHeartbeatEntity],
    ...PORTFOLIO_ENTITIES,
    ...KPIS_ENTITIES,
    ...FINANCE_ENTITIES,
    ...ENGAGEMENT_ENTITIES,
    ...INTEGRATIONS_ENTITIES,
    ...GOVERNANCE_ENTITIES,
    ...REPORTING_ENTITIES,
    ...PEOPLE_ENTITIES,
    ...ACCOUNTABILITY_ENTITIES,
    ...NOTIFICATIONS_ENTITIES,
    ...CAPABILITY_ENTITIES,
    ...BENCHMARKS_ENTITIES,
    ...DELIVERY_ENTITIES,
  ],
  migrations: [Foundation1763800000000, ...PORTFOLIO_MIGRATIONS, ...KPIS_MIGRATIONS, ...FINANCE_MIGRATIONS, ...ENGAGEMENT_MIGRATIONS, ...INTEGRATIONS_MIGRATIONS, ...GOVERNANCE_MIGRATIONS, ...BOARD_MIGRATIONS, ...RELIABILITY_MIGRATIONS, ...PERFORMANCE_MIGRATIONS, ...PEOPLE_MIGRATIONS, ...ACCOUNTABILITY_MIGRATIONS, ...NOTIFICATIONS_MIGRATIONS, ...CAPABILITY_MIGRATIONS, ...DELIVERY_MIGRATIONS],
};
