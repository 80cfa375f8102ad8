/**
 * Dead letters in the local hub, for the redrive tests: the hub they run (its replay worker can
 * be down), a completion that ends in the completions dead-letter queue, and what
 * POST /ops/dead-letters/redrive answers per queue.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect } from 'vitest';
import { queueNames, type QueueName } from '../../infra/topology.js';
import type { HubOptions, RunningHub } from '../../local/hub.js';
import { completionMessageSchema } from '../../shared/completion.js';
import type { QueueRedrive, Redrive } from '../../shared/ops/redrive.js';
import type { Answer } from './answer.js';
import { completionOf, personOf } from './completions.js';
import { testPersonKeySecret } from './ledger-feeding.js';
import { hubSqsClient, startTestHub } from './local-hub.js';
import { replayWorkerSwitch, type ReplayWorkerSwitch } from './replay-worker-switch.js';

/** A test read the hub before its beforeAll had started it. */
export class DeadLetterHubNotStartedError extends Error {
  override readonly name = 'DeadLetterHubNotStartedError';
}

/** The hub of a dead-letter test, a client of its SQS server, and its replay worker's switch. */
export interface DeadLetterHub {
  readonly hub: RunningHub;
  readonly sqs: SQSClient;
  readonly replayWorker: ReplayWorkerSwitch;
}

/**
 * Starts the hub before the file's tests and stops it after them: the health view counts at
 * once, and the replay worker can be down; `options` adds what the file is about. The hub and
 * its client are there from the first test on.
 */
export const useDeadLetterHub = (options: Pick<HubOptions, 'moveTasksHeld'> = {}): DeadLetterHub => {
  const replayWorker = replayWorkerSwitch();
  let started: { hub: RunningHub; sqs: SQSClient } | undefined;
  beforeAll(async () => {
    const hub = await startTestHub({
      env: { PERSON_KEY_SECRET: testPersonKeySecret, HUB_ACTIVITY_FLUSH_SECONDS: '0' },
      handlerOverrides: { replayWorker: replayWorker.handler },
      ...options,
    });
    started = { hub, sqs: hubSqsClient(hub) };
  });
  afterAll(async () => {
    started?.sqs.destroy();
    await started?.hub.stop();
  });
  const running = () => {
    if (!started) throw new DeadLetterHubNotStartedError('the dead-letter hub is used before beforeAll started it');
    return started;
  };
  return {
    get hub() {
      return running().hub;
    },
    get sqs() {
      return running().sqs;
    },
    replayWorker,
  };
};

/** A completion of a year without rules: every ledger write of it fails, so it ends in the completions dead-letter queue. */
export const sendUncreditable = async (
  local: DeadLetterHub,
  record: { readonly idCardNo: string; readonly recordId: string; readonly year: number; readonly hundredths: number },
): Promise<void> => {
  const at = `${record.year}-06-01T02:00:00.000Z`;
  const version = completionOf({
    platform: 'hnu',
    recordId: record.recordId,
    person: personOf(record.idCardNo),
    completedAt: at,
    versionAt: at,
    creditYear: record.year,
    hundredths: record.hundredths,
  });
  const body = JSON.stringify(completionMessageSchema.parse({ kind: 'completion-versions', versions: [version] }));
  await local.sqs.send(new SendMessageCommand({ QueueUrl: local.hub.queueUrl('completions'), MessageBody: body }));
};

export const nothingToMove = (queue: QueueName): QueueRedrive => ({
  queue,
  status: 'nothing-to-move',
  messagesToMove: 0,
  taskHandle: null,
});

/** Every dead-letter queue empty: the redrive starts no move and says so with a 200. */
export const expectNothingToRedrive = (answer: Answer): void => {
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({
    status: 'nothing-to-move',
    messagesToMove: 0,
    queues: queueNames.map(nothingToMove),
  } satisfies Redrive);
};
