/**
 * The replay worker with an outage switch, for the hub's `handlerOverrides`: while it is down,
 * every invocation fails (as in an outage), so a bulk replay's chunk is received again and
 * again and ends in the replays dead-letter queue; back up, it is the real worker.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import type { Handler } from '../../local/invoker.js';

export class ReplayWorkerDownError extends Error {
  override readonly name = 'ReplayWorkerDownError';
}

export interface ReplayWorkerSwitch {
  readonly handler: Handler;
  down: boolean;
}

export const replayWorkerSwitch = (): ReplayWorkerSwitch => {
  const state: ReplayWorkerSwitch = {
    down: false,
    handler: async (event: SQSEvent, context: Context) => {
      if (state.down) throw new ReplayWorkerDownError('the replay worker is down');
      const { handler } = await import('../../functions/replay-worker.js');
      return handler(event, context);
    },
  };
  return state;
};
