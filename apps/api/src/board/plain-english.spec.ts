import { RULES } from '@app/governance';
import { controlName, flagEvidence, flagTitle, plainWords } from './plain-english';

describe('plain English for the board', () => {
  it('names every rule as a problem and as a control, with no codes left', () => {
    for (const rule of RULES) {
      expect(flagTitle(rule.code)).not.toMatch(/_/);
      expect(controlName(rule.code)).toMatch(/^(Projects|Programmes|Live and beta projects) /);
    }
    expect(controlName('no_user_feedback')).toBe('Projects with recent user feedback');
  });

  it('words the delivery rules with their numbers and dates', () => {
    expect(flagEvidence({ rule: 'milestone_slipped', evidence: '1 milestone(s) forecast more than 30 days after their baseline with no decision to re-baseline: "Go live" baseline 2026-12-25, forecast 2027-02-23 (60 days late)' })).toBe(
      '1 milestone forecast more than 30 days after their baseline with no decision to re-baseline: "Go live" baseline 25 December 2026, forecast 23 February 2027 (60 days late).',
    );
    expect(flagEvidence({ rule: 'benefits_behind_plan', evidence: '1 benefit(s) realised more than 10% below plan to 2026-12: "Lower cost of repairs visits" realised £18,000.00 of £90,000.00 planned (80.0% behind)' })).toMatch(
      /^1 benefit realised more than 10% below plan .*realised £18,000 of £90,000 planned \(80\.0% behind\)\.$/,
    );
  });

  it('words user feedback against the organisation’s expectation', () => {
    expect(flagEvidence({ rule: 'no_user_feedback', evidence: 'no engagement with an external group since 2026-03-15, 264 days ago; threshold 90' })).toBe(
      'No feedback from users or citizens for 264 days (last on 15 March 2026); the organisation expects it every 90 days.',
    );
    expect(flagEvidence({ rule: 'no_user_feedback', evidence: 'no engagement with an external group on record; threshold 90 days' })).toBe(
      'No feedback from users or citizens on record; the organisation expects it every 90 days.',
    );
  });

  it('words an overrun in round pounds with the tolerance', () => {
    expect(flagEvidence({ rule: 'budget_overrun', evidence: 'spent £118,000.40, forecast £130,000.00 against a budget of £100,000.00 for 2026-27: 30.0% over; tolerance 5%' })).toBe(
      'Spent £118,000, with £130,000 forecast, against a budget of £100,000 for 2026-27: 30.0% over budget. The organisation allows 5%.',
    );
  });

  it('words overdue reports, feedback loops and targets', () => {
    expect(flagEvidence({ rule: 'status_report_overdue', evidence: 'no status report for 2026-10, the last closed period; last report 2026-08' })).toBe(
      'No status report for October 2026, the last closed period; the last was for August 2026.',
    );
    expect(flagEvidence({ rule: 'feedback_not_acted_on', evidence: '2 engagement(s) older than 30 days have no actions recorded; oldest 2026-09-01 (94 days ago)' })).toBe(
      '2 pieces of feedback older than 30 days have no action recorded; the oldest is from 1 September 2026 (94 days ago). The organisation expects actions within 30 days.',
    );
    expect(flagEvidence({ rule: 'no_measurable_target', evidence: 'no KPI with a baseline, target, target date and unit (0 KPI(s) defined, none measurable)' })).toBe(
      'No KPIs at all: nothing sets a baseline, target, target date and unit.',
    );
  });

  it('puts rating codes, rule codes and dates into words in any other text', () => {
    expect(plainWords('worst project: P01, amber_green; raised by budget_overrun on 2026-11-02')).toBe('worst project: P01, Amber/green; raised by over budget on 2 November 2026');
    expect(plainWords('worst project: P01, red')).toBe('worst project: P01, Red');
    expect(plainWords('2 measurable KPI(s)')).toBe('2 measurable KPIs');
    expect(flagEvidence({ rule: 'spend_without_kpis', evidence: '£739,850.84 spent in 2026-27 with no measurable KPI' })).toBe('£739,851 spent in 2026-27 with no measurable KPI.');
    expect(flagEvidence({ rule: 'optimism_gap', evidence: 'reported green for 2026-10 while the evidence says amber_red (3 steps worse): 2 of 3 measurable KPI(s) off track' })).toBe(
      'Reported Green for October 2026, but the evidence supports Amber/red: 3 steps worse. 2 of 3 measurable KPIs off track.',
    );
  });
  it('counts nouns by their number and words the outside-expertise limit', () => {
    expect(flagEvidence({ rule: 'high_risk_without_action', evidence: '1 open risk(s) scoring 15 or more with no open action: "Licence costs" (score 20)' })).toBe(
      '1 open risk scoring 15 or more with no open action: "Licence costs" (score 20).',
    );
    expect(flagEvidence({ rule: 'dependency_late', evidence: '2 dependenc(ies) past their need-by date and not met: "A" needed by 2026-11-28' })).toMatch(/^2 dependencies past/);
    expect(flagEvidence({ rule: 'dependency_late', evidence: '1 dependenc(ies) past their need-by date' })).toBe('1 dependency past their need-by date.');
    const capability = flagEvidence({
      rule: 'capability_dependency',
      evidence: '100.0% of staff and outside-expertise spend in the 12 months to 2026-12-05 went to contractors and consultancy (£192,925.00 of £192,925.00) on a live service; threshold 50%; no knowledge-transfer activity on record',
    });
    expect(capability).toContain('the organisation expects no more than 50%');
    expect(capability).not.toMatch(/threshold/);
    expect(plainWords('milestone "Go-live" forecast 45 days after its baseline (1 open milestone(s); threshold 30 days)')).toBe(
      'milestone "Go-live" forecast 45 days after its baseline (1 open milestone; the organisation allows 30 days)',
    );
    expect(plainWords('late dependenc(ies)')).toBe('late dependencies');
  });
});
