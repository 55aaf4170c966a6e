import { Db } from '@app/platform';
import { GovernanceModule, ScanService } from '@app/governance';
import type { DemoSeeder } from './seeder';

/** Runs a governance scan over the seeded data, so the board sees flags the moment the demo starts. */
export const governanceSeeder: DemoSeeder = {
  name: 'governance',
  module: GovernanceModule,
  async seed(app, actor, log) {
    const counts = await app.get(Db).system((manager) => app.get(ScanService).scanWithin(manager, actor.organisationId, null, new Date()));
    const rules: { rule: string; n: number }[] = await app
      .get(Db)
      .tenant(actor, (tx) => tx.query(`SELECT rule, count(*)::int AS n FROM flags WHERE organisation_id = $1 AND status <> 'resolved' GROUP BY rule ORDER BY rule`, [actor.organisationId]));
    log(`governance: scanned ${counts.projectsScanned} projects, raised ${counts.raised} flags across ${rules.length} rules (${rules.map((r) => `${r.rule} ${r.n}`).join(', ')})`);
  },
};
