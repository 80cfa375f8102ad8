/**
 * Puts normalised versions on the completions queue and returns only once SQS has them
 * (durably enqueued), packing up to versionsPerMessageMax versions a message and ten
 * messages a SendMessageBatch call (aws/queue-send.ts).
 */
import { versionsPerMessageMax, type CompletionMessage, type CompletionVersion } from '../shared/completion.js';
import { chunksOf } from '../shared/in-flight.js';
import { queueUrlOf } from './clients.js';
import { sendBodies } from './queue-send.js';

export { EnqueueError } from './queue-send.js';

export interface CompletionQueue {
  enqueue(versions: readonly CompletionVersion[]): Promise<void>;
}

/** Versions come from the adapters, each already checked against the queue's schema (shared/platforms/completion-of.ts). */
const messagesOf = (versions: readonly CompletionVersion[]): CompletionMessage[] =>
  chunksOf(versions, versionsPerMessageMax).map((chunk) => ({ kind: 'completion-versions', versions: [...chunk] }));

export const createCompletionQueue = (): CompletionQueue => {
  const queueUrl = queueUrlOf('completions');
  return {
    enqueue: async (versions) => {
      await sendBodies(
        queueUrl,
        messagesOf(versions).map((message) => JSON.stringify(message)),
      );
    },
  };
};
