/**
 * Reading the local hub's queues from beside it (the bench, the soak, tests): a client of its
 * SQS server and a queue's depth. Imports nothing of the runtime, so a process can read its
 * queues without loading the hub's modules before it has set their environment.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localCredentials, localRegion } from './aws-local.js';

/** A client of the hub's SQS server. */
export const hubSqsClient = (sqsEndpoint: string): SQSClient =>
  new SQSClient({ endpoint: sqsEndpoint, region: localRegion, credentials: localCredentials });

export interface QueueDepth {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/** A queue's messages as SQS counts them (approximately, as in AWS). */
export const queueDepthOf = async (sqs: SQSClient, queueUrl: string): Promise<QueueDepth> => {
  const answer = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  const attributes = answer.Attributes ?? {};
  return {
    visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
};
