/**
 * Message bodies onto a queue with SendMessageBatch (ten a call, the calls at once), returning
 * only once SQS has every one: entries SQS refuses are sent again by the failed-entries retry
 * policy (aws/retry-policy.ts), and still refused they are an EnqueueError naming how many.
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { chunksOf } from '../shared/in-flight.js';
import { retryLeftovers, retryPolicies } from './retry-policy.js';
import { sqs } from './sqs-client.js';
import { sqsMessagesPerCallMax } from './sqs-limits.js';

export class EnqueueError extends Error {
  override readonly name = 'EnqueueError';
}

const sendBatch = (queueUrl: string, bodies: readonly string[]): Promise<void> =>
  retryLeftovers(
    bodies.map((body, i) => ({ Id: String(i), MessageBody: body })),
    retryPolicies.failedQueueEntries,
    async (entries) => {
      const answer = await sqs().send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [...entries] }));
      const failed = new Set((answer.Failed ?? []).map((f) => f.Id));
      return entries.filter((entry) => failed.has(entry.Id));
    },
    (left) => new EnqueueError(`${left} messages were not accepted by SQS`),
  );

export const sendBodies = async (queueUrl: string, bodies: readonly string[]): Promise<void> => {
  await Promise.all(chunksOf(bodies, sqsMessagesPerCallMax).map((batch) => sendBatch(queueUrl, batch)));
};
