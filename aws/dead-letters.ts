/**
 * The dead-letter queues, for operators: depth, the age of the oldest message, and redrive.
 *
 * Oldest age: SQS has no queue attribute for it (ApproximateAgeOfOldestMessage is only a
 * CloudWatch metric, which the stack's alarm and dashboard use). Health peeks instead: one
 * ReceiveMessage of up to `sqsMessagesPerCallMax` with VisibilityTimeout 0, reading SentTimestamp.
 * That is harmless here: the messages stay visible, and a dead-letter queue has no redrive
 * policy of its own, so the receive counts it raises count toward nothing; a redrive sends
 * messages back as new ones (new id, new receive count). It is exact for a queue of up to
 * `sqsMessagesPerCallMax` messages and a lower bound beyond that.
 *
 * Redrive: StartMessageMoveTask without a destination returns each message to the queue it
 * was dead-lettered from, in the cloud and on the local SQS server (local-aws-sqs implements
 * StartMessageMoveTask and ListMessageMoveTasks), so there is no local fallback. One task per
 * queue runs at a time: a redrive leaves a running one to finish and says so.
 */
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { QueueName } from '../infra/topology.js';
import { oldestAgeSecondsOf, type DeadLetterHealth, type MoveTaskHealth } from '../shared/ops/health.js';
import type { QueueRedrive } from '../shared/ops/redrive.js';
import { deadLetterQueueUrlOf } from './clients.js';
import { sqs } from './sqs-client.js';
import { sqsMessagesPerCallMax } from './sqs-limits.js';

/** SQS answered GetQueueAttributes without the queue's ARN, which a move task needs. */
export class QueueArnMissingError extends Error {
  override readonly name = 'QueueArnMissingError';
}

const arnCache = new Map<string, string>();

const attributesOf = async (queueUrl: string, names: string[]): Promise<Record<string, string>> =>
  (await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names as never })))
    .Attributes ?? {};

const arnOf = async (queueUrl: string): Promise<string> => {
  let arn = arnCache.get(queueUrl);
  if (!arn) {
    arn = (await attributesOf(queueUrl, ['QueueArn'])).QueueArn;
    if (!arn) throw new QueueArnMissingError(`SQS gave no QueueArn for ${queueUrl}`);
    arnCache.set(queueUrl, arn);
  }
  return arn;
};

type MoveTask = MoveTaskHealth & { readonly taskHandle: string | null };

const latestMoveTask = async (deadLetterArn: string): Promise<MoveTask | null> => {
  const task = (await sqs().send(new ListMessageMoveTasksCommand({ SourceArn: deadLetterArn, MaxResults: 1 })))
    .Results?.[0];
  if (!task) return null;
  return {
    status: task.Status ?? 'UNKNOWN',
    moved: task.ApproximateNumberOfMessagesMoved ?? 0,
    toMove: task.ApproximateNumberOfMessagesToMove ?? null,
    startedAt: task.StartedTimestamp === undefined ? null : new Date(task.StartedTimestamp).toISOString(),
    failureReason: task.FailureReason ?? null,
    taskHandle: task.TaskHandle ?? null,
  };
};

const countOf = (attributes: Record<string, string>, name: string): number => Number(attributes[name] ?? 0) || 0;

export const deadLetterHealthOf = async (
  queue: QueueName,
  now: () => Date = () => new Date(),
): Promise<DeadLetterHealth> => {
  const url = deadLetterQueueUrlOf(queue);
  const attributes = await attributesOf(url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
  const depth = countOf(attributes, 'ApproximateNumberOfMessages');
  const inFlight = countOf(attributes, 'ApproximateNumberOfMessagesNotVisible');
  let sentTimestamps: Array<string | undefined> = [];
  if (depth > 0) {
    const peeked = await sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: sqsMessagesPerCallMax,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        // local-aws-sqs reads the older AttributeNames; SQS takes either.
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    // With VisibilityTimeout 0 a server may hand the same message out twice in one answer.
    const byId = new Map(
      (peeked.Messages ?? []).map((message) => [message.MessageId, message.Attributes?.SentTimestamp]),
    );
    sentTimestamps = [...byId.values()];
  }
  const task = await latestMoveTask(await arnOf(url));
  const lastRedrive = task === null ? null : (({ taskHandle: _handle, ...rest }) => rest)(task);
  return {
    queue,
    depth,
    inFlight,
    oldestAgeSeconds: oldestAgeSecondsOf(sentTimestamps, now()),
    sampled: sentTimestamps.length,
    lastRedrive,
  };
};

const alreadyRunning = (queue: QueueName, task: MoveTask | null): QueueRedrive => ({
  queue,
  status: 'already-running',
  messagesToMove: task === null ? 0 : Math.max(0, (task.toMove ?? 0) - task.moved),
  taskHandle: task?.taskHandle ?? null,
});

/** Starts moving the queue's dead letters back; a move of it already running is left to run. */
export const startRedrive = async (queue: QueueName): Promise<QueueRedrive> => {
  const url = deadLetterQueueUrlOf(queue);
  const arn = await arnOf(url);
  const running = await latestMoveTask(arn);
  if (running?.status === 'RUNNING') return alreadyRunning(queue, running);
  const depth = countOf(await attributesOf(url, ['ApproximateNumberOfMessages']), 'ApproximateNumberOfMessages');
  if (depth === 0) return { queue, status: 'nothing-to-move', messagesToMove: 0, taskHandle: null };
  try {
    const started = await sqs().send(new StartMessageMoveTaskCommand({ SourceArn: arn }));
    const task = await latestMoveTask(arn);
    return { queue, status: 'started', messagesToMove: task?.toMove ?? depth, taskHandle: started.TaskHandle ?? null };
  } catch (error) {
    // Another operator started one between the look and the start.
    if (/already a task running|only one active/i.test((error as Error).message))
      return alreadyRunning(queue, await latestMoveTask(arn));
    throw error;
  }
};
