import { FieldError, Problem } from '@app/platform';

/** Shares are numeric(5,2); compare in hundredths so 33.33 + 33.33 + 33.34 is exactly 100. */
const hundredths = (pct: number): number => Math.round(pct * 100);

/** The supportive, neutral and opposed shares must add up to 100, allowing 0.5 for rounding. */
export function checkShares(shares: { supportivePct: number; neutralPct: number; opposedPct: number }): void {
  const total = hundredths(shares.supportivePct) + hundredths(shares.neutralPct) + hundredths(shares.opposedPct);
  if (Math.abs(total - 10_000) <= 50) return;
  const message = `supportivePct + neutralPct + opposedPct must add up to 100 (within 0.5 for rounding); they add up to ${(total / 100).toFixed(2)}`;
  throw Problem.validation((['supportivePct', 'neutralPct', 'opposedPct'] as const).map((field): FieldError => ({ field, message })));
}

/** Nobody can be trained who is not in scope. */
export function checkTraining(record: { staffInScope: number; staffTrained: number }): void {
  if (record.staffTrained > record.staffInScope) {
    throw Problem.validation([{ field: 'staffTrained', message: `staffTrained (${record.staffTrained}) cannot be more than staffInScope (${record.staffInScope})` }]);
  }
}

/** Coverage as a percentage with one decimal place, rounded half up, as PostgreSQL's round() does. */
export const coveragePct = (trained: number, inScope: number): number => Math.round((trained * 1000) / inScope) / 10;
