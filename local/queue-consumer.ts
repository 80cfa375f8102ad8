/**
 * A queue consumer that behaves like the Lambda SQS event source with ReportBatchItemFailures:
 * pollers gather a batch (up to batchSize, or what arrived within batchingWindowSeconds of the
 * first message), call the handler with an SQSEvent, delete what succeeded, and hand back what
 * failed so it is received again. The queue's RedrivePolicy moves a message to the dead-letter
 * queue once it has been received maxReceiveCount times.
 */
import { chunksOf } from '../shared/in-flight.js';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sleep } from '../aws/retry-policy.js';
import type { FunctionName, QueueSourceDef } from '../infra/topology.js';
import type { Invoker } from './invoker.js';
import type { RuntimeLog } from './log.js';
import type { LocalQueue } from './queues.js';
import { toSqsRecord } from './sqs-event.js';

/**
 * Wait of a poll while the queue is idle. Short, so stop() is quick. The first receive of a batch
 * asks for one message: local-aws-sqs answers a long poll only when MaxNumberOfMessages have
 * arrived or the wait is over (SQS answers as soon as any message is there), so asking for one
 * starts the batching window as soon as a message arrives.
 */
export const receiveWaitSeconds = 1;
/** SQS's limit per ReceiveMessage, DeleteMessageBatch and ChangeMessageVisibilityBatch. */
export const receiveMessagesMax = 10;
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

type Outcome = { readonly failed: ReadonlySet<string>; readonly note?: string };

/** Which messages failed, read as Lambda reads a ReportBatchItemFailures response. */
const outcomeOf = (result: unknown, messageIds: ReadonlySet<string>): Outcome => {
  const failures = (result as Partial<SQSBatchResponse> | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return { failed: new Set() };
  if (!Array.isArray(failures))
    return { failed: messageIds, note: 'batchItemFailures is not a list: the whole batch failed' };
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    // Lambda treats an empty or unknown identifier as a failure of the whole batch.
    if (typeof id !== 'string' || !messageIds.has(id))
      return { failed: messageIds, note: `unknown itemIdentifier ${JSON.stringify(id)}: the whole batch failed` };
    failed.add(id);
  }
  return { failed };
};

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: over 70 lines before the rule came in; to be split into named steps (issue 14)
export const startQueueConsumer = (options: QueueConsumerOptions): QueueConsumer => {
  const { functionName, source, queue, sqs, invoker, log } = options;
  const batchSize = source.batchSize;
  const windowMs = source.batchingWindowSeconds * 1000;
  let stopping = false;
  let busy = 0;

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const answer = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
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

  const collect = async (): Promise<Message[]> => {
    const batch = await receive(1, receiveWaitSeconds);
    if (batch.length === 0) return batch;
    const deadline = Date.now() + windowMs;
    while (!stopping && batch.length < batchSize && Date.now() < deadline) {
      try {
        const more = await receive(Math.min(receiveMessagesMax, batchSize - batch.length), 0);
        batch.push(...more);
        if (more.length === 0) await sleep(Math.min(windowPollGapMs, deadline - Date.now()));
      } catch (error) {
        // Process what is in hand; those messages are already invisible to other pollers.
        log.warn(
          `${functionName}: receive failed while gathering a batch (${(error as Error).message}); processing ${batch.length}`,
        );
        break;
      }
    }
    return batch;
  };

  const settle = async (messages: readonly Message[], failed: ReadonlySet<string>): Promise<void> => {
    const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    const retry = messages.filter((m) => failed.has(m.MessageId ?? ''));
    for (const part of chunksOf(done, receiveMessagesMax)) {
      const answer = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: part.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      for (const failure of answer.Failed ?? [])
        log.warn(
          `${functionName}: could not delete a message (${failure.Code ?? '?'}: ${failure.Message ?? ''}); it will be received again`,
        );
    }
    // Lambda leaves a failed message invisible for the rest of the queue's visibility timeout
    // (here 360 s). Locally it comes back after retryDelaySeconds, to keep retries quick.
    for (const part of chunksOf(retry, receiveMessagesMax)) {
      const answer = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queue.url,
          Entries: part.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: options.retryDelaySeconds,
          })),
        }),
      );
      for (const failure of answer.Failed ?? [])
        log.warn(
          `${functionName}: could not hand a failed message back early (${failure.Code ?? '?'}); it returns after the visibility timeout`,
        );
    }
  };

  const processBatch = async (messages: readonly Message[]): Promise<void> => {
    const startedAt = Date.now();
    const event: SQSEvent = { Records: messages.map((message) => toSqsRecord(message, queue.arn)) };
    const messageIds = new Set(event.Records.map((record) => record.messageId));
    let outcome: Outcome;
    try {
      outcome = outcomeOf(await invoker.invoke(functionName, event), messageIds);
    } catch (error) {
      // Thrown, or past the function's timeout. Lambda would end a timed-out invocation; here it
      // may still be running while its messages come back, so handlers must stay idempotent.
      log.error(
        `${functionName}: the handler failed; all ${messages.length} messages of the batch will be retried`,
        error,
      );
      outcome = { failed: messageIds };
    }
    if (outcome.note) log.warn(`${functionName}: ${outcome.note}`);
    await settle(messages, outcome.failed);
    const retried = outcome.failed.size;
    log.info(
      `${functionName}: batch of ${messages.length} -> ${messages.length - retried} done` +
        `${retried > 0 ? `, ${retried} back in ${options.retryDelaySeconds} s` : ''} (${Date.now() - startedAt} ms)`,
    );
  };

  const poller = async (): Promise<void> => {
    while (!stopping) {
      let messages: Message[];
      try {
        messages = await collect();
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
        await processBatch(messages);
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
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        Promise.all(running).then(() => true),
        new Promise<false>((done) => {
          timer = setTimeout(() => done(false), drainTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (!drained)
        log.warn(`${functionName}: batches still running after ${drainTimeoutMs} ms; stopping without them`);
    },
  };
};
