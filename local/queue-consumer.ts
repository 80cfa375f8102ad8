/**
 * A queue consumer that behaves like the Lambda SQS event source with ReportBatchItemFailures:
 * pollers gather a batch (up to batchSize, or what arrived within batchingWindowSeconds of the
 * first message), call the handler with an SQSEvent, delete what succeeded, and hand back what
 * failed so it is received again. The queue's RedrivePolicy moves a message to the dead-letter
 * queue once it has been received maxReceiveCount times.
 */
import { chunksOf } from '../shared/in-flight.js';
import {
  type BatchResultErrorEntry,
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { sqsMessagesPerCallMax } from '../aws/sqs-limits.js';
import { sleep } from '../shared/sleep.js';
import type { FunctionName, QueueSourceDef } from '../infra/topology.js';
import type { Invoker } from './invoker.js';
import type { RuntimeLog } from './log.js';
import type { LocalQueue } from './queues.js';
import { settledWithin } from './settled-within.js';
import { batchOutcomeOf, toSqsRecord, type BatchOutcome } from './sqs-event.js';

/**
 * Wait of a poll while the queue is idle. Short, so stop() is quick. The first receive of a batch
 * asks for one message: local-aws-sqs answers a long poll only when MaxNumberOfMessages have
 * arrived or the wait is over (SQS answers as soon as any message is there), so asking for one
 * starts the batching window as soon as a message arrives.
 */
export const receiveWaitSeconds = 1;
const windowPollGapMs = 50;
const receiveErrorBackoffMs = 1_000;
/** How long stop() lets batches in progress finish. */
export const drainTimeoutMs = 15_000;

export interface QueueConsumer {
  /** Batches received and not yet settled (handler running, or deletes in flight). */
  readonly busy: number;
  stop(): Promise<void>;
}

export interface QueueConsumerOptions {
  readonly functionName: FunctionName;
  readonly source: QueueSourceDef;
  readonly queue: LocalQueue;
  readonly sqs: SQSClient;
  readonly invoker: Invoker;
  readonly pollers: number;
  /** Seconds after which a failed message is received again. */
  readonly retryDelaySeconds: number;
  readonly log: RuntimeLog;
}

const receive = async (options: QueueConsumerOptions, max: number, waitSeconds: number): Promise<Message[]> => {
  const answer = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queue.url,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: waitSeconds,
      // local-aws-sqs reads the older AttributeNames; SQS takes either.
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return answer.Messages ?? [];
};

/** A batch as the event source gathers it: up to batchSize, or what arrived within the batching window. */
const gatherBatch = async (options: QueueConsumerOptions, stopping: () => boolean): Promise<Message[]> => {
  const { batchSize, batchingWindowSeconds } = options.source;
  const batch = await receive(options, 1, receiveWaitSeconds);
  if (batch.length === 0) return batch;
  const deadline = Date.now() + batchingWindowSeconds * 1000;
  while (!stopping() && batch.length < batchSize && Date.now() < deadline) {
    try {
      const more = await receive(options, Math.min(sqsMessagesPerCallMax, batchSize - batch.length), 0);
      batch.push(...more);
      if (more.length === 0) await sleep(Math.min(windowPollGapMs, deadline - Date.now()));
    } catch (error) {
      // Process what is in hand; those messages are already invisible to other pollers.
      options.log.warn(
        `${options.functionName}: receive failed while gathering a batch (${(error as Error).message}); processing ${batch.length}`,
      );
      break;
    }
  }
  return batch;
};

type ReceiptEntry = { readonly Id: string; readonly ReceiptHandle: string | undefined };

/** One batch call per ten messages (entry ids are positions in the ten); answers the entries SQS refused. */
const perTenMessages = async (
  messages: readonly Message[],
  call: (entries: ReceiptEntry[]) => Promise<{ Failed?: BatchResultErrorEntry[] }>,
): Promise<BatchResultErrorEntry[]> => {
  const refused: BatchResultErrorEntry[] = [];
  for (const part of chunksOf(messages, sqsMessagesPerCallMax)) {
    const answer = await call(part.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })));
    refused.push(...(answer.Failed ?? []));
  }
  return refused;
};

/** Deletes what succeeded and hands back what failed, as the event source settles a batch. */
const settle = async (
  options: QueueConsumerOptions,
  messages: readonly Message[],
  failed: ReadonlySet<string>,
): Promise<void> => {
  const { functionName, sqs, queue, log } = options;
  const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
  const retry = messages.filter((m) => failed.has(m.MessageId ?? ''));
  const undeleted = await perTenMessages(done, (entries) =>
    sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: entries })),
  );
  for (const failure of undeleted)
    log.warn(
      `${functionName}: could not delete a message (${failure.Code ?? '?'}: ${failure.Message ?? ''}); it will be received again`,
    );
  // Lambda leaves a failed message invisible for the rest of the queue's visibility timeout
  // (here 360 s). Locally it comes back after retryDelaySeconds, to keep retries quick.
  const notHandedBack = await perTenMessages(retry, (entries) =>
    sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queue.url,
        Entries: entries.map((entry) => ({ ...entry, VisibilityTimeout: options.retryDelaySeconds })),
      }),
    ),
  );
  for (const failure of notHandedBack)
    log.warn(
      `${functionName}: could not hand a failed message back early (${failure.Code ?? '?'}); it returns after the visibility timeout`,
    );
};

/** Calls the handler with the batch as an SQSEvent; a throw (or timeout) fails every message. */
const invokeWithBatch = async (options: QueueConsumerOptions, messages: readonly Message[]): Promise<BatchOutcome> => {
  const { functionName, queue, invoker, log } = options;
  const event: SQSEvent = { Records: messages.map((message) => toSqsRecord(message, queue.arn)) };
  const messageIds = new Set(event.Records.map((record) => record.messageId));
  try {
    return batchOutcomeOf(await invoker.invoke(functionName, event), messageIds);
  } catch (error) {
    // Thrown, or past the function's timeout. Lambda would end a timed-out invocation; here it
    // may still be running while its messages come back, so handlers must stay idempotent.
    log.error(
      `${functionName}: the handler failed; all ${messages.length} messages of the batch will be retried`,
      error,
    );
    return { failed: messageIds };
  }
};

const processBatch = async (options: QueueConsumerOptions, messages: readonly Message[]): Promise<void> => {
  const startedAt = Date.now();
  const outcome = await invokeWithBatch(options, messages);
  if (outcome.note) options.log.warn(`${options.functionName}: ${outcome.note}`);
  await settle(options, messages, outcome.failed);
  const retried = outcome.failed.size;
  options.log.info(
    `${options.functionName}: batch of ${messages.length} -> ${messages.length - retried} done` +
      `${retried > 0 ? `, ${retried} back in ${options.retryDelaySeconds} s` : ''} (${Date.now() - startedAt} ms)`,
  );
};

export const startQueueConsumer = (options: QueueConsumerOptions): QueueConsumer => {
  const { functionName, log } = options;
  let stopping = false;
  let busy = 0;

  const poller = async (): Promise<void> => {
    while (!stopping) {
      let messages: Message[];
      try {
        messages = await gatherBatch(options, () => stopping);
      } catch (error) {
        if (stopping) break;
        log.warn(
          `${functionName}: receive failed (${(error as Error).message}); retrying in ${receiveErrorBackoffMs} ms`,
        );
        await sleep(receiveErrorBackoffMs);
        continue;
      }
      if (messages.length === 0) continue;
      busy += 1;
      try {
        await processBatch(options, messages);
      } catch (error) {
        log.error(
          `${functionName}: a batch could not be settled; its messages return after the visibility timeout`,
          error,
        );
      } finally {
        busy -= 1;
      }
    }
  };

  const running = Array.from({ length: Math.max(1, options.pollers) }, () => poller());

  return {
    get busy() {
      return busy;
    },
    stop: async () => {
      stopping = true;
      if (!(await settledWithin(running, drainTimeoutMs)))
        log.warn(`${functionName}: batches still running after ${drainTimeoutMs} ms; stopping without them`);
    },
  };
};
