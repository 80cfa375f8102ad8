/**
 * How the storage and queue modules retry what AWS leaves undone (BatchWriteItem's and
 * BatchGetItem's unprocessed items, SendMessageBatch's failed entries, conditional-write
 * conflicts): one table of policies and one backoff (the wait is shared/sleep.ts).
 */
import { sleep } from '../shared/sleep.js';

export interface RetryPolicy {
  /** Retries after the first attempt; past them the caller's own error is thrown. */
  readonly retriesMax: number;
  /** The first retry waits this long, each next one twice as long. */
  readonly backoffMsBase: number;
}

export const retryPolicies = {
  /** DynamoDB batch calls: what a throttled partition leaves unprocessed. */
  unprocessedItems: { retriesMax: 8, backoffMsBase: 25 },
  /** SQS SendMessageBatch: entries the queue did not accept. */
  failedQueueEntries: { retriesMax: 5, backoffMsBase: 25 },
} as const satisfies Record<string, RetryPolicy>;

/** The wait before retry `attempt` (1 for the first retry). */
export const backoffMs = (policy: RetryPolicy, attempt: number): number => policy.backoffMsBase * 2 ** attempt;

/**
 * Runs `attempt` with what is left until nothing is, waiting the policy's backoff between
 * tries; `tooMany(left)` is thrown when retries run out with `left` items still undone.
 */
export const retryLeftovers = async <T>(
  items: readonly T[],
  policy: RetryPolicy,
  attempt: (items: readonly T[]) => Promise<readonly T[]>,
  tooMany: (left: number) => Error,
): Promise<void> => {
  let left = items;
  for (let tries = 0; left.length > 0; tries += 1) {
    if (tries > policy.retriesMax) throw tooMany(left.length);
    if (tries > 0) await sleep(backoffMs(policy, tries));
    left = await attempt(left);
  }
};
