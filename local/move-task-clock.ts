/**
 * The clock of the local SQS server's message move tasks (a redrive: StartMessageMoveTask).
 * local-aws-sqs runs each task on a one-second interval of its own: a tick takes up to 300
 * messages back, and the task is COMPLETED once it has moved what it found or after ten ticks
 * that found nothing. So a redrive of a few messages runs for about a second, on the server's
 * clock, and no test could hold one running. local-aws-sqs-fixed.ts routes that interval (and
 * only that one) through the timers here: `timedMoveTasks` are the server's own, each second;
 * `heldMoveTasks` tick only when told, so a test holds a move running and then lets it finish.
 */

/** Held move tasks were asked for, but the loaded bundle's move task interval could not be routed here. */
export class MoveTaskIntervalMissingError extends Error {
  override readonly name = 'MoveTaskIntervalMissingError';
}

/** A task's interval, as the bundle uses it (it unrefs it at once). */
export interface MoveTaskTimer {
  unref(): MoveTaskTimer;
}

/** What the bundle's move tasks set and clear their interval with. */
export interface MoveTaskTimers {
  setInterval(tick: () => unknown, ms: number): MoveTaskTimer;
  clearInterval(timer: MoveTaskTimer | undefined): void;
}

/** The server's own: every task ticks on its interval. */
export const timedMoveTasks: MoveTaskTimers = {
  setInterval: (tick, ms) => setInterval(tick, ms),
  clearInterval: (timer) => clearInterval(timer as NodeJS.Timeout | undefined),
};

export interface HeldMoveTasks extends MoveTaskTimers {
  /** One tick of every running task, each awaited; answers how many ran. */
  tick(): Promise<number>;
}

/** No task ticks until `tick()`; a task that finishes clears its interval, and ticks no more. */
export const heldMoveTasks = (): HeldMoveTasks => {
  const running = new Map<MoveTaskTimer, () => unknown>();
  return {
    setInterval: (tick) => {
      const timer: MoveTaskTimer = { unref: () => timer };
      running.set(timer, tick);
      return timer;
    },
    clearInterval: (timer) => {
      if (timer !== undefined) running.delete(timer);
    },
    tick: async () => {
      const ticks = [...running.values()];
      // A tick is the task's async step (receive, move, count): awaited, so its state is settled after.
      await Promise.all(ticks.map((tick) => tick()));
      return ticks.length;
    },
  };
};
