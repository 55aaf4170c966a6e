import { CapabilityModule, CapabilityService } from '@app/capability';
import { Db } from '@app/platform';
import { DEMO_PROJECTS, demoToday, hasGap } from './catalogue';
import type { DemoSeeder } from './seeder';

const daysBefore = (today: Date, days: number): string => new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Capability plans and knowledge transfer for the beta and live services, whose delivery leans on
 * contractors: recent pairing or handover everywhere but on projects with the
 * capability_dependency gap, whose last handover is five months old. A second run adds nothing.
 */
export const capabilitySeeder: DemoSeeder = {
  name: 'capability',
  module: CapabilityModule,
  async seed(app, actor, log) {
    const db = app.get(Db);
    const capability = app.get(CapabilityService);
    const today = demoToday();
    const projects = await db.tenant(actor, (tx) => tx.query<{ id: string; code: string }>(`SELECT id, code FROM projects WHERE organisation_id = $1`, [actor.organisationId]));
    const idOf = new Map(projects.map((p) => [p.code, p.id]));
    let activities = 0;
    for (const project of DEMO_PROJECTS.filter((p) => p.phase === 'beta' || p.phase === 'live')) {
      const projectId = idOf.get(project.code);
      if (!projectId) continue;
      const dependent = hasGap(project, 'capability_dependency');
      await capability.setRole(actor, projectId, { role: 'Developer', needed: 3, filled: dependent ? 0 : 2 });
      await capability.setRole(actor, projectId, { role: 'Product manager', needed: 1, filled: 1 });
      const existing = await capability.forProject(actor, projectId);
      if (existing.knowledgeTransfer.recent.length > 0) continue;
      await capability.recordTransfer(actor, projectId, {
        kind: dependent ? 'handover' : 'pairing',
        occurredOn: daysBefore(today, dependent ? 150 : 20),
        permanentStaff: 2,
        description: dependent ? 'Supplier handover notes for the platform team' : 'Supplier developers paired with permanent developers',
        evidence: `KT-${project.code}`,
      });
      activities++;
    }
    log(`capability: roles and ${activities} knowledge-transfer activities`);
  },
};
