import { INestApplicationContext } from '@nestjs/common';
import { Actor } from '@app/platform';

/** A seeder fills one area's demo data through that area's own services (module: the Nest module it needs). */
export interface DemoSeeder {
  name: string;
  module: unknown;
  seed(app: INestApplicationContext, actor: Actor, log: (line: string) => void): Promise<void>;
}
