/**
 * The parent's side of scripts/bench/hub-process.ts: forks the hub in its own Node process
 * (through tsx, like `npm start`), waits for it to listen, and sends it requests; the queue depth
 * it reads itself from the SQS server.
 * Its standard output (the handlers' JSON log lines) is counted, not kept: the bytes per
 * completion are what CloudWatch Logs would ingest.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { sleep } from '../../shared/sleep.js';
import type { FunctionName } from '../../infra/topology.js';
import { hubSqsClient, queueDepthOf, type QueueDepth } from '../../local/hub-queues.js';
import type { HubProcessOptions, HubReply, HubRequest, HubStarted, HubStats } from './hub-process.js';

export const hubStartTimeoutMs = 120_000;

/** The completions queue's depth, and the messages in its dead-letter queue. */
export interface HubDepth extends QueueDepth {
  readonly deadLettered: number;
}

export interface BenchHub extends HubStarted {
  stats(resetLatencies?: boolean): Promise<HubStats>;
  depth(): Promise<HubDepth>;
  idle(timeoutMs: number): Promise<void>;
  runSchedule(functionName: FunctionName): Promise<unknown>;
  /** Bytes the hub process wrote to stdout and stderr (its log lines) so far. */
  logBytes(): number;
  /** The last lines of its stderr, for a failure report. */
  stderrTail(): string;
  stop(): Promise<void>;
}

/**
 * The completions queue's depth, read from this process with its own client: the senders look
 * every 100 ms, SDK calls that would otherwise be the hub's CPU.
 */
const depthReader = (hub: HubStarted) => {
  const sqs = hubSqsClient(hub.sqsEndpoint);
  return {
    read: async (): Promise<HubDepth> => {
      const [main, dead] = await Promise.all([queueDepthOf(sqs, hub.queueUrl), queueDepthOf(sqs, hub.deadLetterUrl)]);
      return { ...main, deadLettered: dead.visible + dead.inFlight };
    },
    stop: () => sqs.destroy(),
  };
};

type Distributive<T> = T extends unknown ? Omit<T, 'id'> : never;

/** `profileDir`: write a V8 CPU profile of the hub process there when it exits (`--profile`). */
export const startBenchHub = async (options: HubProcessOptions, profileDir?: string): Promise<BenchHub> => {
  const child: ChildProcess = fork(resolve(import.meta.dirname, 'hub-process.ts'), [], {
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: { ...process.env, HUB_BENCH_OPTIONS: JSON.stringify(options), NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let logBytes = 0;
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    logBytes += chunk.length;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    logBytes += chunk.length;
    stderr.push(chunk.toString('utf8'));
    stderr.splice(0, Math.max(0, stderr.length - 50));
  });

  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      for (const [, w] of waiting) w.reject(new Error(`the hub process exited: ${stderr.join('').slice(-2000)}`));
      waiting.clear();
      done();
    }),
  );

  const started = await new Promise<HubStarted>((resolveStart, rejectStart) => {
    const timer = setTimeout(
      () =>
        rejectStart(new Error(`the hub did not start within ${hubStartTimeoutMs} ms: ${stderr.join('').slice(-2000)}`)),
      hubStartTimeoutMs,
    );
    child.on('message', (message: HubStarted | HubReply | { kind: 'failed'; error: string }) => {
      if ('kind' in message && message.kind === 'started') {
        clearTimeout(timer);
        resolveStart(message);
      } else if ('kind' in message && message.kind === 'failed') {
        clearTimeout(timer);
        rejectStart(new Error(`the hub could not start: ${message.error}`));
      } else if ('id' in message) {
        const w = waiting.get(message.id);
        waiting.delete(message.id);
        if (!w) return;
        if (message.ok) w.resolve(message.value);
        else w.reject(new Error(message.error));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rejectStart(
        new Error(`the hub process exited (${String(code)}) while starting: ${stderr.join('').slice(-2000)}`),
      );
    });
  });

  const request = <T>(body: Distributive<HubRequest>): Promise<T> =>
    new Promise<T>((resolveRequest, rejectRequest) => {
      if (exited) {
        rejectRequest(new Error('the hub process is gone'));
        return;
      }
      const id = nextId++;
      waiting.set(id, { resolve: resolveRequest as (value: unknown) => void, reject: rejectRequest });
      child.send({ ...body, id });
    });

  const depth = depthReader(started);
  return {
    ...started,
    stats: (resetLatencies = false) => request<HubStats>({ kind: 'stats', resetLatencies }),
    depth: depth.read,
    idle: async (timeoutMs) => {
      await request<boolean>({ kind: 'idle', timeoutMs });
    },
    runSchedule: (functionName) => request({ kind: 'run-schedule', functionName }),
    logBytes: () => logBytes,
    stderrTail: () => stderr.join('').slice(-4000),
    stop: async () => {
      depth.stop();
      if (exited) return;
      try {
        await Promise.race([request({ kind: 'stop' }), sleep(30_000)]);
      } catch {
        // gone already
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
};
