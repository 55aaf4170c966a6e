/**
 * A flag's evidence as a scan on `day` would write it, when the facts are the same. Counts of days
 * ("2026-10-06 (60 days ago)", "since 2026-09-01, 95 days ago") count from `day`, and "the 12 months
 * to <date>" ends on it: they move with the calendar, not with the facts, so a scan does not rewrite a
 * flag for them and readers bring its text to the day they read it. The SQL function
 * flag_evidence_as_of (migration IncrementalScans) is the same; a test keeps the two equal.
 */
export function evidenceAsOf(evidence: string, day: string): string {
  if (!evidence.includes(' days ago') && !evidence.includes('the 12 months to ')) return evidence;
  const dayMs = Date.parse(`${day}T00:00:00Z`);
  return evidence
    .replace(/(\d{4}-\d{2}-\d{2})(, | \()(\d+) days ago/g, (whole, date: string, sep: string) => {
      const since = Date.parse(`${date}T00:00:00Z`);
      return Number.isNaN(since) ? whole : `${date}${sep}${Math.round((dayMs - since) / 86_400_000)} days ago`;
    })
    .replace(/the 12 months to \d{4}-\d{2}-\d{2}/g, `the 12 months to ${day}`);
}
