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
