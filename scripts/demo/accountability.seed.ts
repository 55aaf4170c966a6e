import { AccountabilityModule, ActionsService, DecisionsService, DependenciesService, IssuesService, OwnersService, RisksService } from '@app/accountability';
import { FlagsService, GovernanceModule, ScanService } from '@app/governance';
import { Db, todayInLondon } from '@app/platform';
import { Module } from '@nestjs/common';
import type { DemoSeeder } from './seed';

@Module({ imports: [AccountabilityModule, GovernanceModule] })
class DemoAccountabilityModule {}

/** The project left without a project manager, so the board sees the no_owner rule at work. */
export const DEMO_UNOWNED_PROJECT = 'WF-04';

const dayFrom = (offset: number) => {
  const d = new Date(`${todayInLondon()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

/**
 * Owners from the demo's SROs and project managers (every programme and project but one), and a
 * RAID log on every project: two high risks (one with no action), issues, awaited decisions,
 * dependencies (one late), overdue actions, and an acceptance that has lapsed. Then a scan, so
 * the board shows the accountability rules.
 */
export const accountabilitySeeder: DemoSeeder = {
  name: 'accountability',
  module: DemoAccountabilityModule,
  async seed(app, actor, log) {
    const db = app.get(Db);
    const managers = await db.tenant(actor, (tx) =>
      tx.query<{ kind: 'programme' | 'project'; id: string; code: string; programme_code: string; person_id: string }>(
        `SELECT 'programme' AS kind, g.id, g.code, g.code AS programme_code, m.person_id FROM programmes g JOIN memberships m ON m.programme_id = g.id AND m.role = 'sro' WHERE g.organisation_id = $1
         UNION ALL
         SELECT 'project', p.id, p.code, g.code, m.person_id FROM projects p JOIN programmes g ON g.id = p.programme_id JOIN memberships m ON m.project_id = p.id AND m.role = 'project_manager' WHERE p.organisation_id = $1
         ORDER BY 1, 3`,
        [tx.organisationId],
      ),
    );
    const owners = app.get(OwnersService);
    const pmOf = new Map<string, string>();
    for (const m of managers) {
      if (m.kind === 'project') pmOf.set(m.code, m.person_id);
      if (m.code !== DEMO_UNOWNED_PROJECT) await owners.set(actor, m.kind, m.id, m.person_id);
    }
    const kpis = await db.tenant(actor, (tx) => tx.query<{ id: string; code: string }>(`SELECT k.id, p.code FROM kpis k JOIN projects p ON p.id = k.project_id WHERE k.organisation_id = $1 AND k.status = 'active'`, [tx.organisationId]));
    for (const k of kpis) if (pmOf.has(k.code)) await owners.set(actor, 'kpi', k.id, pmOf.get(k.code) as string);

    const projects = managers.filter((m) => m.kind === 'project');
    const risks = app.get(RisksService);
    const actions = app.get(ActionsService);
    let raid = 0;
    for (const p of projects) {
      const owner = p.person_id;
      // Two high risks: CS-02's has an action (overdue), WF-01's has none.
      const high = p.code === 'CS-02' ? { likelihood: 4, impact: 4 } : p.code === 'WF-01' ? { likelihood: 4, impact: 5 } : { likelihood: 2, impact: 3 };
      const risk = await risks.create(actor, {
        projectId: p.id,
        title: p.code === 'WF-01' ? 'Licence costs rise at renewal' : p.code === 'CS-02' ? 'Crews cannot use the new handheld devices' : 'Key supplier staff leave',
        ...high,
        proximity: high.likelihood >= 4 ? 'within_3_months' : 'within_6_months',
        ownerPersonId: owner,
        response: high.likelihood >= 4 ? 'Reduce: see actions' : 'Accept and monitor monthly',
      });
      if (p.code !== 'WF-01') await actions.create(actor, 'risk', risk.id, { title: p.code === 'CS-02' ? 'Run device training for every crew' : 'Agree a handover plan with the supplier', ownerPersonId: owner, dueOn: dayFrom(p.code === 'CS-02' ? -10 : 30) });
      const issue = await app.get(IssuesService).create(actor, { projectId: p.id, title: 'Test environment unavailable two days a week', severity: p.code === 'CS-03' ? 'high' : 'medium', ownerPersonId: owner });
      if (p.code === 'CS-03') await actions.create(actor, 'issue', issue.id, { title: 'Escalate hosting to the supplier’s service manager', ownerPersonId: owner, dueOn: dayFrom(-4) });
      await app.get(DecisionsService).create(actor, { projectId: p.id, title: 'Go-live date for the next release', ownerPersonId: owner, neededBy: dayFrom(21) });
      await app.get(DependenciesService).create(actor, {
        projectId: p.id,
        title: p.code === 'DI-01' ? 'Network upgrade at the data centre' : 'Address data from the gazetteer team',
        externalParty: 'Shared services partnership',
        needBy: dayFrom(p.code === 'DI-01' ? -7 : 45),
        ownerPersonId: owner,
      });
      raid += 4;
    }
    // The programme's own decision, made: who, when and why.
    const cs = managers.find((m) => m.kind === 'programme' && m.code === 'CS');
    if (cs) await app.get(DecisionsService).create(actor, { programmeId: cs.id, title: 'Stop the paper bin-collection form', ownerPersonId: cs.person_id, status: 'made', decidedBy: 'Programme board', decidedOn: dayFrom(-20), rationale: 'Online take-up passed 80% and the paper route cost £4 a request' });

    // An acceptance that has lapsed: accepted until yesterday, so the scan below opens the flag again.
    const [flag] = await db.tenant(actor, (tx) => tx.query<{ id: string }>(`SELECT f.id FROM flags f JOIN projects p ON p.id = f.project_id WHERE f.organisation_id = $1 AND f.status = 'open' AND p.code = 'CS-04' ORDER BY f.rule LIMIT 1`, [tx.organisationId]));
    if (flag) {
      await app.get(FlagsService).accept(actor, flag.id, todayInLondon(), 'User research booked for next quarter');
      await db.tenant(actor, (tx) => tx.query(`UPDATE flags SET accepted_until = $2 WHERE organisation_id = $1 AND id = $3`, [tx.organisationId, dayFrom(-1), flag.id]));
    }
    const counts = await db.system((manager) => app.get(ScanService).scanWithin(manager, actor.organisationId, null, new Date()));
    log(`accountability: owners for every programme and project but ${DEMO_UNOWNED_PROJECT}, ${raid} RAID entries, overdue actions, a lapsed acceptance; rescanned (${counts.raised} flags raised)`);
  },
};
