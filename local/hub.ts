/**
 * The whole hub on one machine, for `npm start`, tests, demo, soak and bench: DynamoDB Local,
 * an SQS server, the topology's tables and queues, and every function of the topology served in
 * this process — HTTP routes as API Gateway events, queue sources as the Lambda SQS event
 * source, schedules as EventBridge events.
 *
 * One hub per process at a time: handlers read process.env, which the hub sets.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { withCallCounting } from '../aws/call-counter.js';
import { sleep } from '../aws/retry-policy.js';
import { functionNames, functions, type FunctionName, type QueueName, type TableName } from '../infra/topology.js';
import { localCredentials, localRegion } from './aws-local.js';
import { assertJavaRuns, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { applyEnvironment, resolveConfiguration, runtimeVariables } from './environment.js';
import { freePort } from './free-port.js';
import { startHttpServer, type HttpServer } from './http-server.js';
import { createInvoker, type Handler } from './invoker.js';
import { createRuntimeLog } from './log.js';
import { tablePrefixDefault } from './names.js';
import { startQueueConsumer, type QueueConsumer } from './queue-consumer.js';
import { ensureQueues, type LocalQueue } from './queues.js';
import { topologyRoutes, type Route } from './routes.js';
import { startScheduler, type Scheduler } from './scheduler.js';
import { startSqsServer, type SqsServer } from './sqs-server.js';
import { ensureTables } from './tables.js';

export const consumersMaxDefault = 4;
export const retryDelaySecondsDefault = 1;
export const idleTimeoutMsDefault = 30_000;
const idlePollMs = 50;

export interface HubOptions {
  /** HTTP port on 127.0.0.1; 0 picks a free one. Default 3000. */
  port?: number;
  /** Where DynamoDB Local keeps its data; null or absent: in memory. */
  dataDir?: string | null;
  /** Values over process.env for the configuration (hub-api.md) and anything else handlers read. */
  env?: Record<string, string>;
  /** Run schedules on their timers (runSchedule works either way). Default true. */
  schedules?: boolean;
  /** Pollers per queue source at most (each source also caps at its maxConcurrency). Default 4. */
  consumersMax?: number;
  /** Seconds before a failed queue message is received again. Default 1. */
  retryDelaySeconds?: number;
  /** Prefix of physical table and queue names. Default `hub-`. */
  tablePrefix?: string;
  /** Handlers used instead of the topology's modules (tests of the runtime itself). */
  handlerOverrides?: Partial<Record<FunctionName, Handler>>;
  /** No per-request and per-batch lines; warnings and errors still print. */
  quiet?: boolean;
}

export interface RunningHub {
  readonly baseUrl: string;
  /** Every variable the hub set for the handlers (configuration included: do not print). */
  readonly env: Record<string, string>;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  /** Process id of the DynamoDB Local Java process. */
  readonly dynamoPid: number;
  readonly routes: readonly Route[];
  tableName(table: TableName): string;
  queueUrl(queue: QueueName): string;
  deadLetterQueueUrl(queue: QueueName): string;
  /** Runs a scheduled function now (after any run of it in progress); answers its result. */
  runSchedule(functionName: FunctionName): Promise<unknown>;
  /** Resolves when every source queue is empty (visible, in flight and delayed) and no handler is running. */
  idle(timeoutMs?: number): Promise<void>;
  /** Stops everything it started; safe to call more than once. */
  stop(): Promise<void>;
}

export class HubIdleTimeoutError extends Error {
  override readonly name = 'HubIdleTimeoutError';
}

let hubRunning = false;

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: over 70 lines before the rule came in; to be split into named steps (issue 14)
export async function startHub(options: HubOptions = {}): Promise<RunningHub> {
  const log = createRuntimeLog(options.quiet ?? false);
  const configuration = resolveConfiguration({ ...process.env, ...options.env });
  if (hubRunning)
    throw new Error('a hub is already running in this process (handlers share process.env); stop it first');
  assertJavaRuns();
  hubRunning = true;

  // Whatever was started, in order, so a failed start and stop() undo it in reverse.
  const started: Array<{ name: string; stop: () => Promise<void> }> = [];
  const stopAll = async () => {
    for (const part of started.splice(0).reverse()) {
      try {
        await part.stop();
      } catch (error) {
        log.error(`could not stop the ${part.name}`, error);
      }
    }
    hubRunning = false;
  };

  try {
    const dataDir = options.dataDir ?? null;
    const dynamo: DynamoDbLocal = await startDynamoDbLocal({
      port: await freePort(),
      path: dataDir === null ? null : join(dataDir, 'dynamodb'),
    });
    started.push({ name: 'DynamoDB Local', stop: dynamo.stop });
    const sqsServer: SqsServer = await startSqsServer(log);
    started.push({ name: 'SQS server', stop: sqsServer.stop });

    const dynamoClient = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: localRegion,
      credentials: localCredentials,
    });
    // Counted (HUB_COUNT_CALLS=1, the benchmark) like the handlers' clients: the event source's receives and deletes are SQS requests in the cloud too.
    const sqs = withCallCounting(
      new SQSClient({ endpoint: sqsServer.endpoint, region: localRegion, credentials: localCredentials }),
      'sqs',
    );
    started.push({
      name: 'runtime clients',
      stop: async () => {
        dynamoClient.destroy();
        sqs.destroy();
      },
    });
    const prefix = options.tablePrefix ?? tablePrefixDefault;
    const tables = await ensureTables(dynamoClient, prefix, log);
    const queues: Record<QueueName, LocalQueue> = await ensureQueues(sqs, prefix);

    const env = {
      ...configuration.values,
      ...options.env,
      ...runtimeVariables({ dynamoEndpoint: dynamo.endpoint, sqsEndpoint: sqsServer.endpoint, tables, queues }),
    };
    applyEnvironment(env);

    const invoker = createInvoker(options.handlerOverrides);
    const scheduler: Scheduler = startScheduler({ invoker, log, timers: options.schedules ?? true });
    started.push({ name: 'schedules', stop: scheduler.stop });

    const consumersMax = options.consumersMax ?? consumersMaxDefault;
    const consumers: QueueConsumer[] = [];
    for (const functionName of functionNames) {
      const source = functions[functionName].queueSource;
      if (!source) continue;
      const consumer = startQueueConsumer({
        functionName,
        source,
        queue: queues[source.queue],
        sqs,
        invoker,
        pollers: Math.min(source.maxConcurrency, consumersMax),
        retryDelaySeconds: options.retryDelaySeconds ?? retryDelaySecondsDefault,
        log,
      });
      consumers.push(consumer);
      started.push({ name: `${functionName} consumer`, stop: consumer.stop });
    }

    const routes = topologyRoutes();
    const http: HttpServer = await startHttpServer({
      port: options.port ?? configuration.settings.HUB_PORT,
      routes,
      invoker,
      log,
    });
    started.push({ name: 'HTTP server', stop: http.stop });

    const sourceQueues = [...new Set(functionNames.flatMap((name) => functions[name].queueSource?.queue ?? []))];
    const pending = async (): Promise<string[]> => {
      const waiting: string[] = [];
      if (invoker.running > 0) waiting.push(`${invoker.running} handler call(s) running`);
      const busy = consumers.reduce((sum, consumer) => sum + consumer.busy, 0);
      if (busy > 0) waiting.push(`${busy} batch(es) being settled`);
      for (const queue of sourceQueues) {
        const attributes =
          (
            await sqs.send(
              new GetQueueAttributesCommand({
                QueueUrl: queues[queue].url,
                AttributeNames: [
                  'ApproximateNumberOfMessages',
                  'ApproximateNumberOfMessagesNotVisible',
                  'ApproximateNumberOfMessagesDelayed',
                ],
              }),
            )
          ).Attributes ?? {};
        const counts = (
          [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ] as const
        ).map((name) => Number(attributes[name] ?? 0));
        if (counts.some((count) => count > 0))
          waiting.push(`queue ${queue}: ${counts.join('/')} (messages/in flight/delayed)`);
      }
      return waiting;
    };

    let stopping: Promise<void> | undefined;
    return {
      baseUrl: http.url,
      env,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsServer.endpoint,
      dynamoPid: dynamo.pid,
      routes,
      tableName: (table) => tables[table],
      queueUrl: (queue) => queues[queue].url,
      deadLetterQueueUrl: (queue) => queues[queue].deadLetterUrl,
      runSchedule: (functionName) => scheduler.runNow(functionName),
      idle: async (timeoutMs = idleTimeoutMsDefault) => {
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
      },
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
