/**
 * The whole hub on one machine, for `npm start`, tests, demo, soak and bench: DynamoDB Local
 * and an SQS server in their own processes, the topology's tables and queues, and every
 * function of the topology served in this process — HTTP routes as API Gateway events, queue
 * sources as the Lambda SQS event source, schedules as EventBridge events.
 *
 * One hub per process at a time: handlers read process.env, which the hub sets.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { withCallCounting } from '../aws/call-counter.js';
import { functionNames, functions, type FunctionName, type QueueName, type TableName } from '../infra/topology.js';
import { localCredentials, localRegion } from './aws-local.js';
import { assertJavaRuns, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { applyEnvironment, resolveConfiguration, runtimeVariables } from './environment.js';
import { freePort } from './free-port.js';
import { idleTimeoutMsDefault, pendingWork, waitIdle } from './idle.js';
import { startHttpServer } from './http-server.js';
import { createInvoker, type Handler, type Invoker } from './invoker.js';
import { createRuntimeLog, type RuntimeLog } from './log.js';
import { tablePrefixDefault } from './names.js';
import { startQueueConsumer, type QueueConsumer } from './queue-consumer.js';
import { holdFunctionsToTheirResources } from './resource-access.js';
import { ensureQueues, type LocalQueue } from './queues.js';
import { topologyRoutes, type Route } from './routes.js';
import { startScheduler } from './scheduler.js';
import { startSqsServer, type SqsServer } from './sqs-server.js';
import { ensureTables } from './tables.js';

export const consumersMaxDefault = 4;
export const retryDelaySecondsDefault = 1;

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
  /** Redrives (SQS message move tasks) tick only on tickMoveTasks(), not each second: a test holds one running. */
  moveTasksHeld?: boolean;
}

export interface RunningHub {
  readonly baseUrl: string;
  /** Every variable the hub set for the handlers (configuration included: do not print). */
  readonly env: Record<string, string>;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  /** Process id of the DynamoDB Local Java process. */
  readonly dynamoPid: number;
  /** Process id of the SQS server's Node process. */
  readonly sqsPid: number;
  readonly routes: readonly Route[];
  tableName(table: TableName): string;
  queueUrl(queue: QueueName): string;
  deadLetterQueueUrl(queue: QueueName): string;
  /** One tick of every running redrive, with moveTasksHeld; answers how many ticked. */
  tickMoveTasks(): Promise<number>;
  /** Runs a scheduled function now (after any run of it in progress); answers its result. */
  runSchedule(functionName: FunctionName): Promise<unknown>;
  /** Resolves when every source queue is empty (visible, in flight and delayed) and no handler is running. */
  idle(timeoutMs?: number): Promise<void>;
  /** Stops everything it started; safe to call more than once. */
  stop(): Promise<void>;
}

/** Handlers read process.env, which a hub sets: two hubs in one process would overwrite each other's. */
export class HubAlreadyRunningError extends Error {
  override readonly name = 'HubAlreadyRunningError';
}

let hubRunning = false;

/** The parts started so far, in order, so a failed start and stop() undo them in reverse. */
interface StartedParts {
  add(name: string, stop: () => Promise<void>): void;
  /** Stops every part, newest first; a part that fails to stop is logged and the next one stopped. */
  stopAll(): Promise<void>;
}

const startedParts = (log: RuntimeLog): StartedParts => {
  const started: Array<{ name: string; stop: () => Promise<void> }> = [];
  return {
    add: (name, stop) => {
      started.push({ name, stop });
    },
    stopAll: async () => {
      for (const part of started.splice(0).reverse()) {
        try {
          await part.stop();
        } catch (error) {
          log.error(`could not stop the ${part.name}`, error);
        }
      }
    },
  };
};

/** DynamoDB Local and the SQS server, with the topology's tables and queues in them. */
interface LocalAws {
  readonly dynamo: DynamoDbLocal;
  readonly sqsServer: SqsServer;
  /** The event source's own client (the handlers make theirs from the environment). */
  readonly sqs: SQSClient;
  readonly tables: Record<TableName, string>;
  readonly queues: Record<QueueName, LocalQueue>;
}

const startLocalAws = async (options: HubOptions, parts: StartedParts, log: RuntimeLog): Promise<LocalAws> => {
  const dataDir = options.dataDir ?? null;
  // Both processes start at once (Java takes seconds); each one started is stopped, even if the other failed.
  const [dynamoStart, sqsStart] = await Promise.allSettled([
    freePort().then((port) => startDynamoDbLocal({ port, path: dataDir === null ? null : join(dataDir, 'dynamodb') })),
    startSqsServer(log, { moveTasksHeld: options.moveTasksHeld ?? false }),
  ]);
  if (dynamoStart.status === 'fulfilled') parts.add('DynamoDB Local', dynamoStart.value.stop);
  if (sqsStart.status === 'fulfilled') parts.add('SQS server', sqsStart.value.stop);
  if (dynamoStart.status === 'rejected') throw dynamoStart.reason;
  if (sqsStart.status === 'rejected') throw sqsStart.reason;
  const dynamo = dynamoStart.value;
  const sqsServer = sqsStart.value;

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
  parts.add('runtime clients', async () => {
    dynamoClient.destroy();
    sqs.destroy();
  });
  const prefix = options.tablePrefix ?? tablePrefixDefault;
  const tables = await ensureTables(dynamoClient, prefix, log);
  const queues = await ensureQueues(sqs, prefix);
  return { dynamo, sqsServer, sqs, tables, queues };
};

/** One consumer per function with a queue source, each with at most `consumersMax` pollers. */
const startConsumers = (
  options: HubOptions,
  aws: LocalAws,
  invoker: Invoker,
  parts: StartedParts,
  log: RuntimeLog,
): QueueConsumer[] => {
  const consumersMax = options.consumersMax ?? consumersMaxDefault;
  return functionNames.flatMap((functionName) => {
    const source = functions[functionName].queueSource;
    if (!source) return [];
    const consumer = startQueueConsumer({
      functionName,
      source,
      queue: aws.queues[source.queue],
      sqs: aws.sqs,
      invoker,
      pollers: Math.min(source.maxConcurrency, consumersMax),
      retryDelaySeconds: options.retryDelaySeconds ?? retryDelaySecondsDefault,
      log,
    });
    parts.add(`${functionName} consumer`, consumer.stop);
    return [consumer];
  });
};

export async function startHub(options: HubOptions = {}): Promise<RunningHub> {
  const log = createRuntimeLog(options.quiet ?? false);
  const configuration = resolveConfiguration({ ...process.env, ...options.env });
  if (hubRunning)
    throw new HubAlreadyRunningError(
      'a hub is already running in this process (handlers share process.env); stop it first',
    );
  assertJavaRuns();
  hubRunning = true;
  const parts = startedParts(log);
  const stopAll = async (): Promise<void> => {
    await parts.stopAll();
    hubRunning = false;
  };
  try {
    const aws = await startLocalAws(options, parts, log);
    const { dynamo, sqsServer, tables, queues } = aws;
    const env = {
      ...configuration.values,
      ...options.env,
      ...runtimeVariables({ dynamoEndpoint: dynamo.endpoint, sqsEndpoint: sqsServer.endpoint, tables, queues }),
    };
    applyEnvironment(env);
    const releaseFunctions = holdFunctionsToTheirResources();
    parts.add('resource checks', async () => releaseFunctions());

    const invoker = createInvoker(options.handlerOverrides);
    const scheduler = startScheduler({ invoker, log, timers: options.schedules ?? true });
    parts.add('schedules', scheduler.stop);
    const consumers = startConsumers(options, aws, invoker, parts, log);
    const routes = topologyRoutes();
    const port = options.port ?? configuration.settings.HUB_PORT;
    const http = await startHttpServer({ port, routes, invoker, log });
    parts.add('HTTP server', http.stop);

    let stopping: Promise<void> | undefined;
    return {
      baseUrl: http.url,
      env,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsServer.endpoint,
      dynamoPid: dynamo.pid,
      sqsPid: sqsServer.pid,
      routes,
      tableName: (table) => tables[table],
      queueUrl: (queue) => queues[queue].url,
      deadLetterQueueUrl: (queue) => queues[queue].deadLetterUrl,
      tickMoveTasks: () => sqsServer.tickMoveTasks(),
      runSchedule: (functionName) => scheduler.runNow(functionName),
      idle: (timeoutMs = idleTimeoutMsDefault) =>
        waitIdle(() => pendingWork({ invoker, consumers, sqs: aws.sqs, queues }), timeoutMs),
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
