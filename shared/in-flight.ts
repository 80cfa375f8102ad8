/**
 * Runs a task over many items with at most `limit` running at once, and settles every one:
 * the results come back in the items' order, one failure does not stop the others.
 *
 * Why a limit: a writer that sends all of a batch's writes at once queues most of them in
 * the HTTP agent, where their per-attempt time budget runs out before they are even sent,
 * and an abandoned attempt is retried as a conflict: more storage work for the same result.
 */
/** The items in consecutive slices of at most `size` (a call's item limit). */
export const chunksOf = <T>(items: readonly T[], size: number): T[][] => {
  if (!Number.isInteger(size) || size < 1)
    throw new InFlightLimitError(`chunk size must be a whole number of at least 1, not ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export class InFlightLimitError extends Error {
  override readonly name = 'InFlightLimitError';
}

export const settleInFlight = async <T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> => {
  if (!Number.isInteger(limit) || limit < 1)
    throw new InFlightLimitError(`in-flight limit must be a whole number of at least 1, not ${limit}`);
  const results: PromiseSettledResult<R>[] = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        results[i] = { status: 'fulfilled', value: await task(items[i] as T, i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
};

/** As settleInFlight, but the first failure (in the items' order) is thrown once all have settled. */
export const allInFlight = async <T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> => {
  const settled = await settleInFlight(items, limit, task);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
};
