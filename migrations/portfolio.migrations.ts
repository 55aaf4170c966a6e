import { Portfolio1763800001000 } from './1763800001000-portfolio';

export const PORTFOLIO_MIGRATIONS = [Portfolio1763800001000];
