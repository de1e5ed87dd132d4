import { ExponentialBackoff, fullJitterGenerator, type IBackoff } from 'cockatiel';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 5 * 60_000 };

/**
 * The wait before attempt `attempt + 1` (attempt ≥ 1): exponential with full jitter (AWS's
 * "rand(0, min(cap, base·2^n))", cockatiel's generator), never shorter than the hub's Retry-After.
 * Kept in the outbox row (`next_attempt_at`), so a restart does not reset the schedule.
 */
export function retryDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, retryAfterMs: number | null = null): number {
  let b: IBackoff<unknown> = new ExponentialBackoff({ generator: fullJitterGenerator, initialDelay: policy.initialMs, maxDelay: policy.maxMs }).next();
  for (let i = 1; i < Math.min(attempt, 30); i++) b = b.next(undefined);
  return Math.max(Math.round(b.duration), retryAfterMs ?? 0);
}
