import { Governance1763800005000 } from './1763800005000-governance';

export const GOVERNANCE_MIGRATIONS = [Governance1763800005000];
