/**
 * When the local hub is idle: no handler running, no batch being settled, and every source
 * queue empty (visible, in flight and delayed). Tests, the soak and the bench wait for it.
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sleep } from '../shared/sleep.js';
import { functionNames, functions, type QueueName } from '../infra/topology.js';
import type { Invoker } from './invoker.js';
import type { QueueConsumer } from './queue-consumer.js';
import type { LocalQueue } from './queues.js';

export const idleTimeoutMsDefault = 30_000;
const idlePollMs = 50;

export class HubIdleTimeoutError extends Error {
  override readonly name = 'HubIdleTimeoutError';
}

/** The queues some function consumes. */
const sourceQueues = [...new Set(functionNames.flatMap((name) => functions[name].queueSource?.queue ?? []))];

/** What a queue holds: visible, in flight and delayed, in that order. */
const backlogAttributes = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

const backlogOf = async (sqs: SQSClient, queueUrl: string): Promise<number[]> => {
  const answer = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...backlogAttributes] }),
  );
  return backlogAttributes.map((name) => Number(answer.Attributes?.[name] ?? 0));
};

/** Where the hub's work can be: handlers, consumers' batches, source queues. */
export interface HubWork {
  readonly invoker: Invoker;
  readonly consumers: readonly QueueConsumer[];
  readonly sqs: SQSClient;
  readonly queues: Record<QueueName, LocalQueue>;
}

/** What keeps the hub busy, one line each (for the idle timeout's message); empty when idle. */
export const pendingWork = async ({ invoker, consumers, sqs, queues }: HubWork): Promise<string[]> => {
  const waiting: string[] = [];
  if (invoker.running > 0) waiting.push(`${invoker.running} handler call(s) running`);
  const busy = consumers.reduce((sum, consumer) => sum + consumer.busy, 0);
  if (busy > 0) waiting.push(`${busy} batch(es) being settled`);
  for (const queue of sourceQueues) {
    const counts = await backlogOf(sqs, queues[queue].url);
    if (counts.some((count) => count > 0))
      waiting.push(`queue ${queue}: ${counts.join('/')} (messages/in flight/delayed)`);
  }
  return waiting;
};

/** Resolves once the hub is idle; a HubIdleTimeoutError naming what is still pending past `timeoutMs`. */
export const waitIdle = async (pending: () => Promise<string[]>, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  // Two clean looks in a row: a message can be between a receive and its handler.
  let clean = 0;
  for (;;) {
    const waiting = await pending();
    clean = waiting.length === 0 ? clean + 1 : 0;
    if (clean >= 2) return;
    if (Date.now() > deadline)
      throw new HubIdleTimeoutError(`the hub is not idle after ${timeoutMs} ms: ${waiting.join('; ')}`);
    await sleep(idlePollMs);
  }
};
