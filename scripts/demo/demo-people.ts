/** The demo organisation's people: who they are at the local identity provider and in the product. */
export interface DemoPerson {
  /** Stable subject at the identity provider. */
  subject: string;
  email: string;
  name: string;
  title: string;
  roles: ('admin' | 'pmo' | 'finance' | 'viewer')[];
}

export const DEMO_DOMAIN = 'demo-council.gov.uk';

export const DEMO_PEOPLE: DemoPerson[] = [
  { subject: 'demo-board-member', email: `alex.morgan@${DEMO_DOMAIN}`, name: 'Alex Morgan', title: 'Board member', roles: ['viewer'] },
  { subject: 'demo-sro', email: `priya.shah@${DEMO_DOMAIN}`, name: 'Priya Shah', title: 'Senior responsible owner, Customer Services', roles: ['viewer'] },
  { subject: 'demo-project-manager', email: `tom.okafor@${DEMO_DOMAIN}`, name: 'Tom Okafor', title: 'Project manager, Report a missed bin', roles: ['viewer'] },
  { subject: 'demo-finance-officer', email: `grace.lee@${DEMO_DOMAIN}`, name: 'Grace Lee', title: 'Finance officer', roles: ['finance'] },
  { subject: 'demo-pmo-analyst', email: `sam.patel@${DEMO_DOMAIN}`, name: 'Sam Patel', title: 'PMO analyst', roles: ['pmo'] },
  { subject: 'demo-administrator', email: `chris.evans@${DEMO_DOMAIN}`, name: 'Chris Evans', title: 'Service administrator', roles: ['admin'] },
];

/** The relying party the demo api is registered as at the local provider. */
export const DEMO_CLIENT = { clientId: 'programme-board', clientSecret: 'demo-only-client-secret-not-for-production' };

/** Who owns and works on each programme and project (by code): every one has an owner. */
export interface DemoMembership {
  email: string;
  role: 'sro' | 'programme_manager' | 'project_manager' | 'contributor';
  programme?: string;
  project?: string;
}

/** Owners who are invited but have no account at the local provider (only the people above sign in there). */
export const DEMO_OWNERS: { email: string; name: string }[] = [
  { email: `hannah.wright@${DEMO_DOMAIN}`, name: 'Hannah Wright' },
  { email: `omar.khan@${DEMO_DOMAIN}`, name: 'Omar Khan' },
  { email: `lucy.brown@${DEMO_DOMAIN}`, name: 'Lucy Brown' },
  { email: `david.evans@${DEMO_DOMAIN}`, name: 'David Evans' },
  { email: `mei.chen@${DEMO_DOMAIN}`, name: 'Mei Chen' },
  { email: `josh.taylor@${DEMO_DOMAIN}`, name: 'Josh Taylor' },
];

const at = (name: string) => `${name}@${DEMO_DOMAIN}`;
export const DEMO_MEMBERSHIPS: DemoMembership[] = [
  { email: at('priya.shah'), role: 'sro', programme: 'CS' },
  { email: at('hannah.wright'), role: 'sro', programme: 'WF' },
  { email: at('omar.khan'), role: 'sro', programme: 'DI' },
  { email: at('lucy.brown'), role: 'programme_manager', programme: 'CS' },
  { email: at('david.evans'), role: 'programme_manager', programme: 'WF' },
  { email: at('mei.chen'), role: 'programme_manager', programme: 'DI' },
  ...['CS-01', 'CS-03', 'CS-04', 'CS-05'].map((project) => ({ email: at('lucy.brown'), role: 'project_manager' as const, project })),
  { email: at('tom.okafor'), role: 'project_manager', project: 'CS-02' },
  { email: at('josh.taylor'), role: 'contributor', project: 'CS-02' },
  ...['WF-01', 'WF-02', 'WF-03', 'WF-04'].map((project) => ({ email: at('david.evans'), role: 'project_manager' as const, project })),
  ...['DI-01', 'DI-02', 'DI-03'].map((project) => ({ email: at('mei.chen'), role: 'project_manager' as const, project })),
];
