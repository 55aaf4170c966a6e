/** Attempts per delivery, the first included; after the last failure the delivery is `dead`. */
export const MAX_DELIVERY_ATTEMPTS = 8;

/** Dead deliveries in a row (no success between) after which a subscription is switched off. */
export const AUTO_DISABLE_AFTER_DEAD = 5;

const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/**
 * Delay before the attempt after `failedAttempt` (1-based): exponential from `baseMs`, with
 * "equal jitter" (half fixed, half random) so receivers that failed together do not get every
 * retry at the same instant, capped at six hours.
 */
export function retryDelayMs(baseMs: number, failedAttempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, baseMs * 2 ** (failedAttempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
