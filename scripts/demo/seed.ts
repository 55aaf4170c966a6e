import { INestApplicationContext } from '@nestjs/common';
import { Actor } from '@app/platform';

/** A seeder fills one area's demo data through that area's own services. */
export interface DemoSeeder {
  name: string;
  seed(app: INestApplicationContext, actor: Actor, log: (line: string) => void): Promise<void>;
}

/** Areas add their seeders here, in dependency order. */
export const DEMO_SEEDERS: DemoSeeder[] = [];
