import { describe, expect, it } from 'vitest';
import { allInFlight, InFlightLimitError, settleInFlight } from '../../shared/in-flight.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('settleInFlight', () => {
  it('never runs more tasks at once than the limit, and runs every one', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await settleInFlight(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      async (n) => {
        running += 1;
        peak = Math.max(peak, running);
        await tick();
        seen.push(n);
        running -= 1;
      },
    );
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('returns results in the items order, a failure settled in its place without stopping the rest', async () => {
    const settled = await settleInFlight([3, 1, 2], 2, async (n) => {
      await new Promise((resolve) => setTimeout(resolve, n));
      if (n === 1) throw new Error('one');
      return n * 10;
    });
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: 30 });
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('one'));
  });

  it('answers an empty list with an empty list', async () => {
    expect(await settleInFlight([], 3, async () => 1)).toEqual([]);
  });

  it('refuses a limit below one or not whole', async () => {
    await expect(settleInFlight([1], 0, async () => 1)).rejects.toBeInstanceOf(InFlightLimitError);
    await expect(settleInFlight([1], 1.5, async () => 1)).rejects.toThrow(/whole number/);
  });
});

describe('allInFlight', () => {
  it('throws the first failure in the items order only after every task settled', async () => {
    const done: number[] = [];
    const failing = allInFlight([1, 2, 3], 3, async (n) => {
      await new Promise((resolve) => setTimeout(resolve, 5 * (4 - n)));
      done.push(n);
      if (n >= 2) throw new Error(`failed ${n}`);
      return n;
    });
    await expect(failing).rejects.toThrow('failed 2');
    expect(done.sort()).toEqual([1, 2, 3]);
  });

  it('returns the values in order when all succeed', async () => {
    expect(await allInFlight([1, 2, 3], 2, async (n) => n + 1)).toEqual([2, 3, 4]);
  });
});
