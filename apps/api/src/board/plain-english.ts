import { RATING_LABELS, dateLabel, periodLabel } from './board-format';

/**
 * What a board member reads, in words rather than codes: flag titles and evidence, ratings and
 * thresholds, and each governance rule named for the control it checks. The stored evidence (the
 * API's text) is kept as it is; the board words it from the flag's rule and details.
 */

/** Each rule as a board member would name the problem. */
export const FLAG_TITLES: Record<string, string> = {
  no_measurable_target: 'No measurable target',
  kpi_not_measurable: 'A KPI cannot be measured',
  stale_kpi: 'KPIs not measured on time',
  no_user_feedback: 'No recent feedback from users',
  feedback_not_acted_on: 'Feedback not acted on',
  no_buy_in_evidence: 'No evidence that staff support the change',
  training_gap: 'Staff not trained',
  no_strategic_objective: 'Not linked to a strategic objective',
  no_user_need: 'No user need stated',
  spend_without_kpis: 'Spending with nothing to measure it',
  budget_overrun: 'Over budget',
  status_report_overdue: 'Status report overdue',
  optimism_gap: 'Reported rating better than the evidence',
  programme_optimism_gap: 'Programme reported better than its projects’ evidence',
  no_owner: 'Nobody named as owner',
  action_overdue: 'Actions past their due date',
  high_risk_without_action: 'High risk with no action',
  dependency_late: 'Dependency late',
  report_unapproved: 'Status report not approved',
  capability_dependency: 'Reliant on outside expertise',
  milestone_slipped: 'Milestone slipped without a decision',
  benefit_unmeasured: 'A benefit nothing measures',
  benefits_behind_plan: 'Benefits behind plan',
};

/** Each rule as the control a board expects to pass: the coverage page's rows. */
export const CONTROL_NAMES: Record<string, string> = {
  no_measurable_target: 'Projects with a measurable target',
  kpi_not_measurable: 'Projects whose KPIs can all be measured',
  stale_kpi: 'Projects measuring their KPIs on time',
  no_user_feedback: 'Projects with recent user feedback',
  feedback_not_acted_on: 'Projects acting on feedback',
  no_buy_in_evidence: 'Projects with evidence of staff support',
  training_gap: 'Live and beta projects with staff trained',
  no_strategic_objective: 'Programmes and projects linked to a strategic objective',
  no_user_need: 'Projects stating the user need',
  spend_without_kpis: 'Projects whose spending is measured by KPIs',
  budget_overrun: 'Projects within budget',
  status_report_overdue: 'Projects that reported last period',
  optimism_gap: 'Projects reporting in line with the evidence',
  programme_optimism_gap: 'Programmes reporting in line with their projects’ evidence',
  no_owner: 'Projects and programmes with named owners',
  action_overdue: 'Projects with actions on time',
  high_risk_without_action: 'Projects acting on their high risks',
  dependency_late: 'Projects whose dependencies are on time',
  report_unapproved: 'Projects with their reports approved',
  capability_dependency: 'Live and beta projects building skills in house',
  milestone_slipped: 'Projects keeping to their agreed milestones',
  benefit_unmeasured: 'Projects whose benefits are measured by KPIs',
  benefits_behind_plan: 'Projects realising their benefits to plan',
};

export const flagTitle = (rule: string): string => FLAG_TITLES[rule] ?? sentence(rule.replaceAll('_', ' '));
export const controlName = (rule: string): string => CONTROL_NAMES[rule] ?? sentence(rule.replaceAll('_', ' '));

const sentence = (text: string): string => {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const first = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
};

const days = (n: string | number): string => `${n} day${String(n) === '1' ? '' : 's'}`;

/** Rating codes and ISO dates in generated text, as words. */
export function plainWords(text: string): string {
  return plurals(text)
    .replace(/(rounded up to )(green|amber|red)\b/g, (_: string, lead: string, code: string) => lead + RATING_LABELS[code as keyof typeof RATING_LABELS])
    .replace(/(worst project: [^,]+, )(green|amber|red)\b/g, (_: string, lead: string, code: string) => lead + RATING_LABELS[code as keyof typeof RATING_LABELS])
    .replace(/\bamber_green\b/g, 'Amber/green')
    .replace(/\bamber_red\b/g, 'Amber/red')
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso: string) => dateLabel(iso))
    .replace(/\b([a-z]+(?:_[a-z]+)+)\b/g, (code: string) => (FLAG_TITLES[code] ? FLAG_TITLES[code].toLowerCase() : code.replaceAll('_', ' ')))
    .replace(/£[\d,]+\.\d+/g, (amount: string) => pounds(amount));
}

interface FlagLike {
  rule: string;
  evidence: string;
  details?: Record<string, unknown> | null;
}

/**
 * A flag's evidence as a sentence: the rules whose text has codes or bare thresholds are reworded
 * from their numbers ("No feedback from users for 264 days; the organisation expects it every 90
 * days."), the rest have their codes and dates put into words.
 */
export function flagEvidence(flag: FlagLike): string {
  const text = flag.evidence ?? '';
  switch (flag.rule) {
    case 'no_user_feedback': {
      const since = /since (\d{4}-\d{2}-\d{2}), (\d+) days ago; threshold (\d+)/.exec(text);
      if (since) return `No feedback from users or citizens for ${days(since[2])} (last on ${dateLabel(since[1])}); the organisation expects it every ${days(since[3])}.`;
      const never = /threshold (\d+) days/.exec(text);
      if (never) return `No feedback from users or citizens on record; the organisation expects it every ${days(never[1])}.`;
      break;
    }
    case 'feedback_not_acted_on': {
      const m = /^(\d+) engagement\(s\) older than (\d+) days have no actions recorded; oldest (\d{4}-\d{2}-\d{2}) \((\d+) days ago\)/.exec(text);
      if (m) {
        const n = Number(m[1]);
        return `${n === 1 ? 'One piece' : `${n} pieces`} of feedback older than ${days(m[2])} ${n === 1 ? 'has' : 'have'} no action recorded; the oldest is from ${dateLabel(m[3])} (${days(m[4])} ago). The organisation expects actions within ${days(m[2])}.`;
      }
      break;
    }
    case 'budget_overrun': {
      const m = /^spent (£[\d,.]+)(?:, forecast (£[\d,.]+))? against a budget of (£[\d,.]+) for (\S+): (-?[\d.]+)% over; tolerance ([\d.]+)%/.exec(text);
      if (m) return `Spent ${pounds(m[1])}${m[2] ? `, with ${pounds(m[2])} forecast,` : ''} against a budget of ${pounds(m[3])} for ${m[4]}: ${m[5]}% over budget. The organisation allows ${m[6]}%.`;
      break;
    }
    case 'stale_kpi': {
      return sentence(
        text
          .replace(/expected (\w+) plus 15 days grace/g, 'it should be measured $1 (15 days’ grace)')
          .replace(/\((\d+) days ago\)/g, (_: string, n: string) => `(${days(n)} ago)`),
      ).replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso: string) => dateLabel(iso));
    }
    case 'no_measurable_target': {
      const m = /\((\d+) KPI\(s\) defined, none measurable\)/.exec(text);
      if (m) return m[1] === '0' ? 'No KPIs at all: nothing sets a baseline, target, target date and unit.' : `${m[1]} KPI${m[1] === '1' ? '' : 's'} defined, but none has a baseline, target, target date and unit.`;
      break;
    }
    case 'no_buy_in_evidence': {
      const m = /in the last (\d+) days/.exec(text);
      if (m) return `No staff survey of support in the last ${days(m[1])}.`;
      break;
    }
    case 'training_gap': {
      return sentence(text.replace(/; minimum( coverage)? ([\d.]+)%/, '; the organisation expects at least $2%'));
    }
    case 'optimism_gap':
    case 'programme_optimism_gap': {
      const m = /^(programme )?reported (\w+) for (\d{4}-\d{2}) while (?:the evidence says|its projects' evidence rolls up to) (\w+) \((\d+) steps worse\): ?(.*)$/s.exec(text);
      if (m) {
        const rating = (code: string) => RATING_LABELS[code as keyof typeof RATING_LABELS] ?? code;
        const whose = m[1] ? 'its projects’ evidence rolls up to' : 'the evidence supports';
        return `Reported ${rating(m[2])} for ${periodWords(m[3])}, but ${whose} ${rating(m[4])}: ${m[5]} steps worse.${m[6] ? ` ${sentence(plainWords(m[6]))}` : ''}`;
      }
      break;
    }
    case 'status_report_overdue': {
      const m = /no status report for (\d{4}-\d{2}), the last closed period(?:; (none ever submitted|last report (\d{4}-\d{2})))?/.exec(text);
      if (m) return `No status report for ${periodWords(m[1])}, the last closed period${m[3] ? `; the last was for ${periodWords(m[3])}` : m[2] ? '; none ever submitted' : ''}.`;
      break;
    }
  }
  return sentence(
    plainWords(text)
      .replace(/; threshold (\d+) days?/g, (_: string, n: string) => `; the organisation expects it every ${days(n)}`)
      .replace(/; threshold ([\d.]+)%/g, '; the organisation expects no more than $1%'),
  );
}

/** "1 open risk(s)" -> "1 open risk", "2 dependenc(ies)" -> "2 dependencies": the count decides. */
function plurals(text: string): string {
  return text.replace(/\b(\d+)(\s(?:[a-z-]+\s)*?)([A-Za-z]+)\((s|ies)\)/g, (_: string, n: string, between: string, word: string, suffix: string) => {
    const one = n === '1';
    const noun = suffix === 'ies' ? `${word}${one ? 'y' : 'ies'}` : `${word}${one ? '' : 's'}`;
    return `${n}${between}${noun}`;
  })
    .replace(/\b(\w+)\(s\)/g, '$1s')
    .replace(/\b(\w+)\(ies\)/g, '$1ies')
    // A threshold quoted inside a reason: "(2 open milestones; threshold 30 days)".
    .replace(/; threshold (\d+) days\)/g, (_: string, n: string) => `; the organisation allows ${n} day${n === '1' ? '' : 's'})`);
}

/** "£1,234.50" in stored text -> "£1,235": the board's round pounds. */
function pounds(text: string): string {
  const digits = text.replace(/[£,]/g, '');
  if (!/^\d+(\.\d+)?$/.test(digits)) return text;
  const [whole, fraction = '0'] = digits.split('.');
  const rounded = (BigInt(whole) + (fraction[0] >= '5' ? 1n : 0n)).toString();
  return `£${rounded.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

const periodWords = periodLabel;
