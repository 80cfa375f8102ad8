/**
 * The hub under benchmark, in its own Node process (forked by scripts/bench/hub-runner.ts),
 * so its memory and CPU are its own and the load generator does not share its event loop.
 *
 * It starts the local runtime (local/hub.ts) with the call counter on (HUB_COUNT_CALLS=1,
 * aws/call-counter.ts) and every topology handler wrapped: the wrapper runs the real handler
 * (loaded like the runtime loads it) inside a call scope named after the function, so calls are
 * counted per function, and for the queue consumer it records each message's time from being
 * sent to the queue (SentTimestamp) to its batch being done (queue-to-ledger latency).
 *
 * It answers the parent's requests over the IPC channel (see HubRequest).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { functionNames, functions, type FunctionName } from '../../infra/topology.js';
import type { RunningHub } from '../../local/hub.js';
import { errorLine } from '../../local/log.js';

export type HubRequest =
  | { readonly id: number; readonly kind: 'stats'; readonly resetLatencies?: boolean }
  | { readonly id: number; readonly kind: 'idle'; readonly timeoutMs: number }
  | { readonly id: number; readonly kind: 'run-schedule'; readonly functionName: FunctionName }
  | { readonly id: number; readonly kind: 'stop' };

export interface HubStarted {
  readonly kind: 'started';
  readonly baseUrl: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  /** The hub's own process (the runtime and its functions), DynamoDB Local's and the SQS server's. */
  readonly pids: { readonly node: number; readonly java: number; readonly sqs: number };
  readonly tables: Readonly<Record<string, string>>;
  /** The completions queue and its dead-letter queue, whose depth the bench reads itself (hub-runner.ts). */
  readonly queueUrl: string;
  readonly deadLetterUrl: string;
}

export interface HubStats {
  readonly tallies: unknown[];
  /** Queue-to-ledger latencies (ms) recorded since the last reset. */
  readonly queueLatenciesMs: number[];
  /** Batches the consumer handled since the last reset, and their sizes in messages. */
  readonly batches: number;
  readonly batchMessages: number;
  readonly handlerErrors: number;
}

export type HubReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Options the parent passes in HUB_BENCH_OPTIONS (JSON). */
export interface HubProcessOptions {
  readonly dataDir: string | null;
  readonly consumersMax: number;
  readonly schedules: boolean;
  readonly env: Record<string, string>;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
type CallScope = <T>(name: string, work: () => Promise<T>) => Promise<T>;

/**
 * Every topology handler wrapped: the real one (loaded like the runtime loads it) inside a
 * call scope named after the function; for queue consumers, each message's queue-to-ledger
 * latency and the batch sizes, counted since the last reset.
 */
const watchHandlers = (inCallScope: CallScope, repoRoot: string) => {
  let queueLatencies: number[] = [];
  let batches = 0;
  let batchMessages = 0;
  let handlerErrors = 0;
  const loaded = new Map<FunctionName, Handler>();
  const real = async (name: FunctionName): Promise<Handler> => {
    let handler = loaded.get(name);
    if (!handler) {
      const module = (await import(pathToFileURL(resolve(repoRoot, functions[name].entry)).href)) as {
        handler: Handler;
      };
      handler = module.handler;
      loaded.set(name, handler);
    }
    return handler;
  };
  const consumed = (records: SQSEvent['Records'], result: SQSBatchResponse | undefined) => {
    const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    const now = Date.now();
    batches += 1;
    batchMessages += records.length;
    for (const record of records)
      if (!failed.has(record.messageId)) queueLatencies.push(now - Number(record.attributes.SentTimestamp));
  };
  const wrapped = (name: FunctionName) => async (event: unknown, context: unknown) => {
    const handler = await real(name);
    if (!functions[name].queueSource) return inCallScope(name, () => handler(event, context));
    try {
      const result = (await inCallScope(name, () => handler(event, context))) as SQSBatchResponse | undefined;
      consumed((event as SQSEvent).Records, result);
      return result;
    } catch (error) {
      handlerErrors += 1;
      throw error;
    }
  };
  return {
    overrides: Object.fromEntries(functionNames.map((name) => [name, wrapped(name)])),
    stats: (tallies: unknown[], reset: boolean): HubStats => {
      const stats: HubStats = { tallies, queueLatenciesMs: queueLatencies, batches, batchMessages, handlerErrors };
      if (reset) {
        queueLatencies = [];
        batches = 0;
        batchMessages = 0;
      }
      return stats;
    },
  };
};

const startedOf = (hub: RunningHub): HubStarted => ({
  kind: 'started',
  baseUrl: hub.baseUrl,
  dynamoEndpoint: hub.dynamoEndpoint,
  sqsEndpoint: hub.sqsEndpoint,
  pids: { node: process.pid, java: hub.dynamoPid, sqs: hub.sqsPid },
  queueUrl: hub.queueUrl('completions'),
  deadLetterUrl: hub.deadLetterQueueUrl('completions'),
  tables: Object.fromEntries(
    (['ledgers', 'records', 'failures', 'adjustments', 'operations'] as const).map((t) => [hub.tableName(t), t]),
  ),
});

const main = async (): Promise<void> => {
  const send = (message: unknown) => process.send?.(message);
  const options = JSON.parse(process.env.HUB_BENCH_OPTIONS ?? '{}') as HubProcessOptions;
  process.env.HUB_COUNT_CALLS = '1';
  const { inCallScope, callTallies } = await import('../../aws/call-counter.js');
  const { startHub, repoRootOf } = await loadRuntime();
  const watch = watchHandlers(inCallScope, repoRootOf);
  const hub = await startHub({
    port: 0,
    dataDir: options.dataDir,
    schedules: options.schedules,
    consumersMax: options.consumersMax,
    quiet: true,
    env: options.env,
    handlerOverrides: watch.overrides,
  });

  const answer = async (request: HubRequest): Promise<unknown> => {
    switch (request.kind) {
      case 'stats':
        return watch.stats(callTallies(), request.resetLatencies === true);
      case 'idle':
        await hub.idle(request.timeoutMs);
        return true;
      case 'run-schedule':
        return hub.runSchedule(request.functionName);
      case 'stop':
        await hub.stop();
        setTimeout(() => process.exit(0), 50);
        return true;
    }
  };

  process.on('message', (request: HubRequest) => {
    answer(request).then(
      (value) => send({ id: request.id, ok: true, value } satisfies HubReply),
      (error: unknown) => send({ id: request.id, ok: false, error: errorLine(error) } satisfies HubReply),
    );
  });
  // The parent went away: stop everything (DynamoDB Local is killed on exit in any case).
  process.on('disconnect', () => {
    void hub.stop().finally(() => process.exit(0));
  });
  send(startedOf(hub));
};

const loadRuntime = async () => {
  const [{ startHub }, { repoRoot }] = await Promise.all([
    import('../../local/hub.js'),
    import('../../local/invoker.js'),
  ]);
  return { startHub, repoRootOf: repoRoot };
};

main().catch((error: unknown) => {
  process.send?.({ kind: 'failed', error: errorLine(error) });
  console.error(error);
  process.exit(1);
});
