import type { DemoSeeder } from './seeder';
import { portfolioSeeder } from './portfolio.seed';
import { kpisSeeder } from './kpis.seed';
import { financeSeeder } from './finance.seed';
import { engagementSeeder } from './engagement.seed';
import { capabilitySeeder } from './capability.seed';
import { governanceSeeder } from './governance.seed';
import { peopleSeeder } from './people.seed';
import { accountabilitySeeder } from './accountability.seed';
import { notificationsSeeder } from './notifications.seed';
import { deliverySeeder } from './delivery.seed';

export type { DemoSeeder };

/** In dependency order: portfolio first, everything else hangs off its projects. */
export const DEMO_SEEDERS: DemoSeeder[] = [portfolioSeeder, kpisSeeder, financeSeeder, engagementSeeder, capabilitySeeder, governanceSeeder, peopleSeeder, accountabilitySeeder, deliverySeeder, notificationsSeeder].filter((s): s is DemoSeeder => s !== null);
