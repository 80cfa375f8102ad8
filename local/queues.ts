/**
 * The topology's queues in the SQS server: each with its `-dlq` dead-letter queue, the
 * RedrivePolicy's maxReceiveCount, visibility timeout and retention. CreateQueue with the same
 * attributes answers the existing queue, so this is idempotent.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { queueNames, queues, type QueueName } from '../infra/topology.js';
import { physicalDeadLetterQueueName, physicalQueueName } from './names.js';

const secondsPerDay = 86_400;

export interface LocalQueue {
  readonly url: string;
  readonly arn: string;
  readonly deadLetterUrl: string;
  readonly deadLetterArn: string;
}

/** The SQS server answered without a field SQS always gives. */
export class SqsServerAnswerError extends Error {
  override readonly name = 'SqsServerAnswerError';
}

const arnOf = async (client: SQSClient, url: string): Promise<string> => {
  const arn = (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })))
    .Attributes?.QueueArn;
  if (!arn) throw new SqsServerAnswerError(`the SQS server gave no QueueArn for ${url}`);
  return arn;
};

const createQueue = async (client: SQSClient, name: string, attributes: Record<string, string>): Promise<string> => {
  const url = (await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl;
  if (!url) throw new SqsServerAnswerError(`the SQS server gave no QueueUrl for ${name}`);
  return url;
};

export const ensureQueues = async (client: SQSClient, prefix: string): Promise<Record<QueueName, LocalQueue>> => {
  const made = {} as Record<QueueName, LocalQueue>;
  for (const queue of queueNames) {
    const def = queues[queue];
    const deadLetterUrl = await createQueue(client, physicalDeadLetterQueueName(prefix, queue), {
      MessageRetentionPeriod: String(def.deadLetter.retentionDays * secondsPerDay),
    });
    const deadLetterArn = await arnOf(client, deadLetterUrl);
    const url = await createQueue(client, physicalQueueName(prefix, queue), {
      VisibilityTimeout: String(def.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(def.retentionDays * secondsPerDay),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: deadLetterArn,
        maxReceiveCount: def.deadLetter.maxReceiveCount,
      }),
    });
    made[queue] = { url, arn: await arnOf(client, url), deadLetterUrl, deadLetterArn };
  }
  return made;
};
