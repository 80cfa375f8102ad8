/**
 * Schedules like EventBridge's: every function with a `schedule` is called with a Scheduled
 * Event every `process.env[intervalSecondsVariable] ?? intervalSecondsDefault` seconds. Never
 * two runs of one schedule at once in this process: a tick that finds a run in progress is
 * skipped, and runNow() waits for the run in progress before starting its own.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { functionNames, functions, type FunctionName, type ScheduleDef } from '../infra/topology.js';
import { localAccountId, localRegion } from './aws-local.js';
import type { Invoker } from './invoker.js';
import type { RuntimeLog } from './log.js';
import { settledWithin } from './settled-within.js';

/** How long stop() waits for a run in progress. */
export const stopWaitMs = 10_000;

export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

export const scheduledFunctions = (): FunctionName[] =>
  functionNames.filter((name) => functions[name].schedule !== undefined);

export const intervalSecondsOf = (
  schedule: ScheduleDef,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number => {
  const text = env[schedule.intervalSecondsVariable];
  if (text === undefined || text === '') return schedule.intervalSecondsDefault;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new ScheduleError(
      `${schedule.intervalSecondsVariable}: expected a number of seconds above 0, got ${JSON.stringify(text)}`,
    );
  return seconds;
};

export const scheduledEvent = (functionName: FunctionName, at: Date = new Date()): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: localAccountId,
  time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: localRegion,
  resources: [`arn:aws:events:${localRegion}:${localAccountId}:rule/${functionName}`],
  detail: {},
});

export interface Scheduler {
  /** Runs the schedule's function now (after any run in progress) and answers its result. */
  runNow(functionName: FunctionName): Promise<unknown>;
  readonly running: number;
  stop(): Promise<void>;
}

export const startScheduler = (options: { invoker: Invoker; log: RuntimeLog; timers: boolean }): Scheduler => {
  const { invoker, log } = options;
  const current = new Map<FunctionName, Promise<unknown>>();
  const timers = new Map<FunctionName, NodeJS.Timeout>();
  let stopped = false;

  const run = (functionName: FunctionName): Promise<unknown> => {
    const before = current.get(functionName) ?? Promise.resolve();
    const next = before
      .catch(() => undefined) // The earlier run's failure was reported to its own caller.
      .then(() => invoker.invoke(functionName, scheduledEvent(functionName)));
    current.set(functionName, next);
    const clear = () => {
      if (current.get(functionName) === next) current.delete(functionName);
    };
    next.then(clear, clear);
    return next;
  };

  const arm = (functionName: FunctionName, seconds: number) => {
    const timer = setTimeout(() => {
      if (stopped) return;
      if (current.has(functionName)) {
        log.warn(`schedule ${functionName}: the previous run is still going; this tick is skipped`);
        arm(functionName, seconds);
        return;
      }
      const startedAt = Date.now();
      run(functionName)
        .then(() => log.info(`schedule ${functionName}: done in ${Date.now() - startedAt} ms`))
        .catch((error: unknown) => log.error(`schedule ${functionName}: the run failed`, error))
        .finally(() => {
          if (!stopped) arm(functionName, seconds);
        });
    }, seconds * 1000);
    timer.unref();
    timers.set(functionName, timer);
  };

  if (options.timers) {
    for (const functionName of scheduledFunctions()) {
      const schedule = functions[functionName].schedule;
      if (schedule) arm(functionName, intervalSecondsOf(schedule));
    }
  }

  return {
    runNow: (functionName) => {
      if (functions[functionName].schedule === undefined)
        return Promise.reject(new ScheduleError(`${functionName} has no schedule`));
      if (stopped) return Promise.reject(new ScheduleError('the hub is stopping'));
      return run(functionName);
    },
    get running() {
      return current.size;
    },
    stop: async () => {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      if (!(await settledWithin([...current.values()], stopWaitMs)))
        log.warn(`schedules: a run is still going after ${stopWaitMs} ms; stopping without it`);
    },
  };
};
