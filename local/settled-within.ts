/**
 * Waiting a bounded time for work in progress, as a stop() does before it gives up on it:
 * true when every promise settled within `timeoutMs`, false when the time ran out first.
 */
export const settledWithin = async (work: readonly Promise<unknown>[], timeoutMs: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    Promise.allSettled(work).then(() => true),
    new Promise<false>((done) => {
      timer = setTimeout(() => done(false), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  return settled;
};
