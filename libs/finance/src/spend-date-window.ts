import { addDays, AppConfig, todayInLondon } from '@app/platform';
import type { SpendDateWindow } from './import-row';

/** The spend dates accepted now: from SPEND_EARLIEST_DATE to SPEND_MAX_DAYS_AHEAD days after today in London. */
export function spendDateWindow(config: AppConfig | undefined, now = new Date()): SpendDateWindow {
  return { earliest: config?.spendEarliestDate ?? '2000-01-01', latest: addDays(todayInLondon(now), config?.spendMaxDaysAhead ?? 7) };
}

export const outsideWindowMessage = (field: string, window: SpendDateWindow): string => `${field} must be between ${window.earliest} and ${window.latest} (no more than a few days ahead)`;
