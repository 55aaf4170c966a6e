import { DELIVERY_CONFIDENCE, DeliveryConfidence } from '@app/portfolio';

export type Trend = 'better' | 'same' | 'worse' | 'new';

/** Steps on the five-point scale, green = 0 … red = 4. */
export const step = (rating: DeliveryConfidence): number => DELIVERY_CONFIDENCE.indexOf(rating);

/** The change since last period; null when nothing was reported this period. */
export function trendOf(current: DeliveryConfidence | null, previous: DeliveryConfidence | null): Trend | null {
  if (!current) return null;
  if (!previous) return 'new';
  const delta = step(current) - step(previous);
  return delta < 0 ? 'better' : delta > 0 ? 'worse' : 'same';
}

export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
