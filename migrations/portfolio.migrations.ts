import { Portfolio1763800001000 } from './1763800001000-portfolio';
import { StatusReportSignOff1763800021000 } from './1763800021000-status-report-sign-off';
import { SubmittedReportPeriods1763800030400 } from './1763800030400-submitted-report-periods';

export const PORTFOLIO_MIGRATIONS = [Portfolio1763800001000, StatusReportSignOff1763800021000, SubmittedReportPeriods1763800030400];
