import { Db, systemActor } from '@app/platform';
import { ScanService } from '@app/governance';
import { DEMO_SEEDERS } from '../../../scripts/demo/seed';
import { TestContext, TestOrg } from '@test/support/test-app';

/** "Demo Council" with every area's demo data and the flags a governance scan raises on it. */
export async function seedDemo(ctx: TestContext): Promise<TestOrg> {
  const org = await ctx.newOrganisation('Demo Council');
  const actor = systemActor(org.id, 'demo seed');
  for (const seeder of DEMO_SEEDERS) await seeder.seed(ctx.app, actor, () => undefined);
  await ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, org.id, null, new Date()));
  return org;
}
