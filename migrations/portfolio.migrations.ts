import { Portfolio1763800001000 } from './1763800001000-portfolio';
import { StatusReportSignOff1763800021000 } from './1763800021000-status-report-sign-off';

export const PORTFOLIO_MIGRATIONS = [Portfolio1763800001000, StatusReportSignOff1763800021000];
