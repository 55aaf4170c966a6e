/**
 * The demo organisation's shape: a council's digital transformation. Every area's seeder reads
 * this, so each project's deliberate gaps (what governance should flag) are stated in one place.
 */
export type DemoGap =
  | 'no_kpis' // no KPI at all
  | 'kpi_without_target' // a KPI missing its target
  | 'stale_kpi' // measurements stopped months ago
  | 'kpi_off_track'
  | 'no_external_feedback' // only internal engagement
  | 'feedback_not_acted_on' // engagements without actions
  | 'no_buy_in' // no buy-in reading for internal groups
  | 'low_buy_in' // supportive share under 50%
  | 'training_gap' // coverage under 60% on a live/beta service
  | 'capability_dependency' // leans on contractors with no recent knowledge transfer
  | 'over_budget'
  | 'spend_without_kpis'
  | 'milestone_slipped' // go-live forecast two months past its baseline, no decision to re-baseline
  | 'benefits_behind_plan' // benefits realised far below their profile
  | 'benefit_unmeasured' // a benefit no measurable KPI tracks
  | 'deteriorating' // status reports get worse month by month
  | 'optimistic'; // reports green while the evidence is poor

export interface DemoObjective {
  code: string;
  title: string;
}

export interface DemoProgramme {
  code: string;
  name: string;
  objective: string | null;
  sro: string;
  wholeLifeBudget: string;
}

export interface DemoProject {
  code: string;
  programme: string;
  name: string;
  phase: 'discovery' | 'alpha' | 'beta' | 'live';
  userNeed: string | null;
  /** Annual resource budget for the current financial year. */
  budget: string;
  gaps: DemoGap[];
}

export const DEMO_OBJECTIVES: DemoObjective[] = [
  { code: 'OBJ-1', title: 'Residents can do business with the council online, first time' },
  { code: 'OBJ-2', title: 'Staff have the tools and skills to work digitally' },
  { code: 'OBJ-3', title: 'Save money through modern, shared technology' },
];

export const DEMO_PROGRAMMES: DemoProgramme[] = [
  { code: 'CS', name: 'Customer Services Transformation', objective: 'OBJ-1', sro: 'Director of Customer Services', wholeLifeBudget: '4200000.00' },
  { code: 'WF', name: 'Modern Workplace', objective: 'OBJ-2', sro: 'Chief People Officer', wholeLifeBudget: '2750000.00' },
  // Deliberately linked to no strategic objective.
  { code: 'DI', name: 'Data and Infrastructure', objective: null, sro: 'Chief Digital Officer', wholeLifeBudget: '3100000.00' },
];

export const DEMO_PROJECTS: DemoProject[] = [
  { code: 'CS-01', programme: 'CS', name: 'Online council tax account', phase: 'live', userNeed: 'As a council tax payer I need to see my bill and pay online so that I do not have to phone', budget: '380000.00', gaps: [] },
  { code: 'CS-02', programme: 'CS', name: 'Report a missed bin', phase: 'beta', userNeed: 'As a resident I need to report a missed collection quickly so that it is collected', budget: '150000.00', gaps: ['feedback_not_acted_on'] },
  { code: 'CS-03', programme: 'CS', name: 'Housing repairs booking', phase: 'alpha', userNeed: 'As a tenant I need to book a repair at a time that suits me', budget: '260000.00', gaps: ['deteriorating', 'kpi_off_track', 'benefits_behind_plan'] },
  { code: 'CS-04', programme: 'CS', name: 'Blue badge applications', phase: 'discovery', userNeed: null, budget: '90000.00', gaps: ['no_kpis', 'no_external_feedback'] },
  { code: 'CS-05', programme: 'CS', name: 'Parking permits', phase: 'live', userNeed: 'As a resident I need a parking permit without visiting an office', budget: '120000.00', gaps: ['training_gap', 'optimistic', 'kpi_off_track'] },
  { code: 'WF-01', programme: 'WF', name: 'Office 365 rollout', phase: 'live', userNeed: 'As a member of staff I need to work and collaborate from anywhere', budget: '540000.00', gaps: ['low_buy_in'] },
  { code: 'WF-02', programme: 'WF', name: 'Social care case management system', phase: 'beta', userNeed: 'As a social worker I need one record of a case so that I can act quickly', budget: '820000.00', gaps: ['no_kpis', 'spend_without_kpis', 'over_budget', 'optimistic', 'milestone_slipped', 'benefit_unmeasured'] },
  { code: 'WF-03', programme: 'WF', name: 'Mobile working for frontline staff', phase: 'alpha', userNeed: 'As a frontline officer I need to update records on site', budget: '210000.00', gaps: ['no_buy_in'] },
  { code: 'WF-04', programme: 'WF', name: 'HR self-service', phase: 'discovery', userNeed: 'As an employee I need to update my own details and book leave', budget: '75000.00', gaps: ['kpi_without_target'] },
  { code: 'DI-01', programme: 'DI', name: 'Cloud migration', phase: 'live', userNeed: 'As the council we need reliable, affordable hosting for our services', budget: '640000.00', gaps: ['over_budget', 'deteriorating', 'capability_dependency'] },
  { code: 'DI-02', programme: 'DI', name: 'Data warehouse', phase: 'beta', userNeed: 'As an analyst I need joined-up data to report on services', budget: '310000.00', gaps: ['stale_kpi', 'training_gap'] },
  { code: 'DI-03', programme: 'DI', name: 'Cyber security uplift', phase: 'alpha', userNeed: null, budget: '230000.00', gaps: ['no_external_feedback'] },
];

export const hasGap = (project: DemoProject, gap: DemoGap): boolean => project.gaps.includes(gap);

/** The demo's "today": everything is dated relative to it so the data stays current. */
export const demoToday = (): Date => new Date();
