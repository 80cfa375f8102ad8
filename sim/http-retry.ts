/** Retrying POSTs as the platforms do (platforms.md): any non-2xx or no answer in time is tried again with backoff, bounded for local use. */
import { sleep } from '../shared/sleep.js';

/** How a platform retries a delivery (not the hub's own retries of AWS calls: aws/retry-policy.ts). */
export interface PlatformRetryPolicy {
  /** Tries of one delivery in all. */
  readonly attemptsMax: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** No answer within this is a failed try (the platforms wait 5 s). */
  readonly timeoutMs: number;
}

export const localRetryPolicy: PlatformRetryPolicy = {
  attemptsMax: 6,
  backoffBaseMs: 200,
  backoffMaxMs: 5_000,
  timeoutMs: 5_000,
};

export interface Delivered {
  readonly status: number;
  readonly body: unknown;
  /** Tries it took (1: first time). */
  readonly attempts: number;
}

export class DeliveryGaveUpError extends Error {
  override readonly name = 'DeliveryGaveUpError';
}

/**
 * POSTs what `request(attempt)` builds (fresh signature, timestamp and nonce each try) until a
 * 2xx answer; throws DeliveryGaveUpError naming the last status after `attemptsMax` tries.
 */
export const postWithRetries = async (
  url: string,
  request: (attempt: number) => { headers: Record<string, string>; body: string },
  policy: PlatformRetryPolicy = localRetryPolicy,
): Promise<Delivered> => {
  let last = 'no try';
  for (let attempt = 1; attempt <= policy.attemptsMax; attempt += 1) {
    if (attempt > 1) await sleep(Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 2)));
    const { headers, body } = request(attempt);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = await response.text();
      if (response.ok) {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        return { status: response.status, body: parsed, attempts: attempt };
      }
      last = `${response.status} ${text.slice(0, 200)}`;
    } catch (error) {
      last = `${(error as Error).name}: ${(error as Error).message}`;
    }
  }
  throw new DeliveryGaveUpError(`gave up after ${policy.attemptsMax} tries: ${last}`);
};
