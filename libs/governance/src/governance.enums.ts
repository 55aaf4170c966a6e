export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FLAG_STATUSES = ['open', 'acknowledged', 'accepted', 'resolved'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export interface RuleDefinition {
  code: string;
  subject: 'project' | 'programme';
  severity: Severity;
  title: string;
  /** The research finding the rule answers. */
  why: string;
}

/** The twenty-three governance rules (DESIGN.md section 5), in the order boards read them. */
export const RULES = [
  { code: 'no_measurable_target', subject: 'project', severity: 'critical', title: 'No measurable target', why: '78% of public bodies have no KPIs for what their technology spend achieves' },
  { code: 'kpi_not_measurable', subject: 'project', severity: 'warning', title: 'KPI not measurable', why: 'a KPI without baseline, target, date and unit cannot show progress' },
  { code: 'stale_kpi', subject: 'project', severity: 'warning', title: 'Stale KPI', why: 'KPIs must be kept, not just set' },
  { code: 'no_user_feedback', subject: 'project', severity: 'critical', title: 'No user feedback', why: '83% never ask citizens for feedback' },
  { code: 'feedback_not_acted_on', subject: 'project', severity: 'warning', title: 'Feedback not acted on', why: 'a feedback loop, not a survey' },
  { code: 'no_buy_in_evidence', subject: 'project', severity: 'warning', title: 'No buy-in evidence', why: '79% do not secure staff and user buy-in' },
  { code: 'training_gap', subject: 'project', severity: 'warning', title: 'Training gap', why: '87% did not train staff in the new technology' },
  { code: 'no_strategic_objective', subject: 'programme', severity: 'warning', title: 'No strategic objective', why: '65% transform with no overriding strategy' },
  { code: 'no_user_need', subject: 'project', severity: 'warning', title: 'No user need', why: 'three quarters are led by technology, not user needs' },
  { code: 'spend_without_kpis', subject: 'project', severity: 'critical', title: 'Spend without KPIs', why: 'spend that nothing measures' },
  { code: 'budget_overrun', subject: 'project', severity: 'critical', title: 'Budget overrun', why: 'spend or forecast above budget beyond tolerance' },
  { code: 'status_report_overdue', subject: 'project', severity: 'info', title: 'Status report overdue', why: 'board discipline' },
  { code: 'report_unapproved', subject: 'project', severity: 'warning', title: 'Status report not approved', why: 'a report nobody has signed off is not yet the board\'s record' },
  { code: 'capability_dependency', subject: 'project', severity: 'warning', title: 'Capability dependency', why: 'a shortage of skills is the largest barrier (57%); bodies lean on outside expertise and lose it when contracts end' },
  { code: 'optimism_gap', subject: 'project', severity: 'critical', title: 'Optimism gap', why: 'leaders rate progress far above what the public sees (75% against 29%)' },
  { code: 'no_owner', subject: 'project', severity: 'warning', title: 'No owner', why: 'a project without a named project manager, a programme without an SRO or a KPI without an owner: nobody answers for it' },
  { code: 'action_overdue', subject: 'project', severity: 'warning', title: 'Action overdue', why: 'what the board agreed to do has not been done by its date' },
  { code: 'high_risk_without_action', subject: 'project', severity: 'critical', title: 'High risk without action', why: 'a risk scoring 15 or more with nothing being done about it' },
  { code: 'dependency_late', subject: 'project', severity: 'warning', title: 'Dependency late', why: 'something the work needs from another project or an outside party is past its need-by date' },
  { code: 'milestone_slipped', subject: 'project', severity: 'warning', title: 'Milestone slipped', why: 'a forecast past its baseline with no decision to re-baseline: the plan the board agreed is quietly no longer the plan' },
  { code: 'benefit_unmeasured', subject: 'project', severity: 'warning', title: 'Benefit not measured', why: 'a benefit no measurable KPI tracks cannot be shown to be realised' },
  { code: 'benefits_behind_plan', subject: 'project', severity: 'warning', title: 'Benefits behind plan', why: 'the benefits that justified the spend are arriving more slowly than planned' },
  { code: 'programme_optimism_gap', subject: 'programme', severity: 'critical', title: 'Programme optimism gap', why: 'a programme report rosier than its projects\' evidence' },
] as const satisfies readonly RuleDefinition[];

export type RuleCode = (typeof RULES)[number]['code'];
export const RULE_CODES = RULES.map((r) => r.code) as RuleCode[];
export const ruleOf = (code: string): RuleDefinition | undefined => RULES.find((r) => r.code === code);
