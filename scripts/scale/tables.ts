import type { Plan } from './plan';
import * as portfolio from './rows-portfolio';
import * as kpis from './rows-kpis';
import * as finance from './rows-finance';
import * as engagement from './rows-engagement';
import * as benchmarks from './rows-benchmarks';

/** Every table seed:scale writes: its COPY columns and its row generator. */
export const TABLES: Record<string, { columns: string[]; rows: (plan: Plan) => Iterable<string> }> = {
  organisations: { columns: portfolio.ORGANISATION_COLUMNS, rows: portfolio.organisationRows },
  strategic_objectives: { columns: portfolio.OBJECTIVE_COLUMNS, rows: portfolio.objectiveRows },
  programmes: { columns: portfolio.PROGRAMME_COLUMNS, rows: portfolio.programmeRows },
  projects: { columns: portfolio.PROJECT_COLUMNS, rows: portfolio.projectRows },
  status_reports: { columns: portfolio.STATUS_REPORT_COLUMNS, rows: portfolio.statusReportRows },
  kpis: { columns: kpis.KPI_COLUMNS, rows: kpis.kpiRows },
  kpi_measurements: { columns: kpis.MEASUREMENT_COLUMNS, rows: kpis.measurementRows },
  spend_entries: { columns: finance.SPEND_COLUMNS, rows: finance.spendRows },
  budgets: { columns: finance.BUDGET_COLUMNS, rows: finance.budgetRows },
  forecasts: { columns: finance.FORECAST_COLUMNS, rows: finance.forecastRows },
  stakeholder_groups: { columns: engagement.GROUP_COLUMNS, rows: engagement.groupRows },
  engagements: { columns: engagement.ENGAGEMENT_COLUMNS, rows: engagement.engagementRows },
  buy_in_readings: { columns: engagement.BUY_IN_COLUMNS, rows: engagement.buyInRows },
  training_records: { columns: engagement.TRAINING_COLUMNS, rows: engagement.trainingRows },
  benchmark_participants: { columns: benchmarks.PARTICIPANT_COLUMNS, rows: benchmarks.participantRows },
};

/** Loaded first, in order, on one connection: everything else references them. */
export const PARENT_TABLES = ['organisations', 'benchmark_participants', 'strategic_objectives', 'programmes', 'projects', 'kpis', 'stakeholder_groups'];
/** Then two groups at once, on two threads, balanced by generation cost. */
export const PARALLEL_GROUPS = [
  ['spend_entries', 'budgets', 'forecasts', 'engagements', 'buy_in_readings', 'training_records'],
  ['kpi_measurements', 'status_reports'],
];
