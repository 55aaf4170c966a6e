import type { Direction, KpiKind } from './kpi.enums';

export interface KpiTemplate {
  name: string;
  unit: string;
  direction: Direction;
  /** The GOV.UK Service Manual's definition of the measure, shown with every KPI of this kind. */
  definition: string;
}

/**
 * The four mandatory key performance indicators of the GOV.UK Service Standard ("measure success"),
 * with the Service Manual's definitions. POST /v1/kpis with only a kind fills these in.
 */
export const KPI_TEMPLATES: Record<Exclude<KpiKind, 'custom'>, KpiTemplate> = {
  cost_per_transaction: {
    name: 'Cost per transaction',
    unit: 'GBP per transaction',
    direction: 'decrease',
    definition:
      'How much it costs your organisation, on average, each time a user completes the transaction your service provides: the total cost of running the service over a period divided by the number of completed transactions in that period.',
  },
  user_satisfaction: {
    name: 'User satisfaction',
    unit: '%',
    direction: 'increase',
    definition: 'The percentage of users who are satisfied or very satisfied with their experience of using the service, measured at the end of the transaction.',
  },
  completion_rate: {
    name: 'Completion rate',
    unit: '%',
    direction: 'increase',
    definition: 'The percentage of transactions users start that they go on to complete; a transaction is complete when the user achieves the outcome the service provides.',
  },
  digital_take_up: {
    name: 'Digital take-up',
    unit: '%',
    direction: 'increase',
    definition: 'The percentage of people using the digital service to complete the task, compared with the number using other channels such as phone, post or face to face.',
  },
};

export const templateFor = (kind: KpiKind): KpiTemplate | null => (kind === 'custom' ? null : KPI_TEMPLATES[kind]);
