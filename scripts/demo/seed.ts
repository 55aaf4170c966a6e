import { INestApplicationContext } from '@nestjs/common';
import { Actor } from '@app/platform';
import { portfolioSeeder } from './portfolio.seed';
import { kpisSeeder } from './kpis.seed';
import { financeSeeder } from './finance.seed';
import { engagementSeeder } from './engagement.seed';
import { governanceSeeder } from './governance.seed';
import { peopleSeeder } from './people.seed';

/** A seeder fills one area's demo data through that area's own services (module: the Nest module it needs). */
export interface DemoSeeder {
  name: string;
  module: unknown;
  seed(app: INestApplicationContext, actor: Actor, log: (line: string) => void): Promise<void>;
}

/** In dependency order: portfolio first, everything else hangs off its projects. */
export const DEMO_SEEDERS: DemoSeeder[] = [portfolioSeeder, kpisSeeder, financeSeeder, engagementSeeder, governanceSeeder, peopleSeeder].filter((s): s is DemoSeeder => s !== null);
