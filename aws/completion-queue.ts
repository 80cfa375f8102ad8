/**
 * Puts normalised versions on the completions queue and returns only once SQS has them
 * (durably enqueued), packing up to versionsPerMessageMax versions a message and ten
 * messages a SendMessageBatch call.
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { versionsPerMessageMax, type CompletionMessage, type CompletionVersion } from '../shared/completion.js';
import { chunksOf } from '../shared/in-flight.js';
import { queueUrlOf } from './clients.js';
import { retryLeftovers, retryPolicies } from './retry-policy.js';
import { sqs } from './sqs-client.js';

/** SQS's SendMessageBatch limit. */
export const messagesPerSendMax = 10;

export class EnqueueError extends Error {
  override readonly name = 'EnqueueError';
}

export interface CompletionQueue {
  enqueue(versions: readonly CompletionVersion[]): Promise<void>;
}

/** Versions come from the adapters, each already checked against the queue's schema (shared/platforms/completion-of.ts). */
const messagesOf = (versions: readonly CompletionVersion[]): CompletionMessage[] =>
  chunksOf(versions, versionsPerMessageMax).map((chunk) => ({ kind: 'completion-versions', versions: [...chunk] }));

export const createCompletionQueue = (): CompletionQueue => {
  const queueUrl = queueUrlOf('completions');
  const sendChunk = (messages: CompletionMessage[]): Promise<void> =>
    retryLeftovers(
      messages.map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message) })),
      retryPolicies.failedQueueEntries,
      async (entries) => {
        const answer = await sqs().send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [...entries] }));
        const failed = new Set((answer.Failed ?? []).map((f) => f.Id));
        return entries.filter((entry) => failed.has(entry.Id));
      },
      (left) => new EnqueueError(`${left} messages were not accepted by SQS`),
    );
  return {
    enqueue: async (versions) => {
      const messages = messagesOf(versions);
      const sends: Promise<void>[] = [];
      for (let i = 0; i < messages.length; i += messagesPerSendMax) sends.push(sendChunk(messages.slice(i, i + messagesPerSendMax)));
      await Promise.all(sends);
    },
  };
};
