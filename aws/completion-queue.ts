/**
 * Puts normalised versions on the completions queue and returns only once SQS has them
 * (durably enqueued), packing up to versionsPerMessageMax versions a message and ten
 * messages a SendMessageBatch call.
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { versionsPerMessageMax, type CompletionMessage, type CompletionVersion } from '../shared/completion.js';
import { chunksOf } from '../shared/in-flight.js';
import { queueUrlOf } from './clients.js';
import { sqs } from './sqs-client.js';

/** SQS's SendMessageBatch limit. */
export const messagesPerSendMax = 10;
const failedEntryRetriesMax = 5;

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
  const sendChunk = async (messages: CompletionMessage[]): Promise<void> => {
    let entries = messages.map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message) }));
    for (let attempt = 0; entries.length > 0; attempt += 1) {
      if (attempt > failedEntryRetriesMax) throw new EnqueueError(`${entries.length} messages were not accepted by SQS`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const answer = await sqs().send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failed = new Set((answer.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((entry) => failed.has(entry.Id));
    }
  };
  return {
    enqueue: async (versions) => {
      const messages = messagesOf(versions);
      const sends: Promise<void>[] = [];
      for (let i = 0; i < messages.length; i += messagesPerSendMax) sends.push(sendChunk(messages.slice(i, i + messagesPerSendMax)));
      await Promise.all(sends);
    },
  };
};
