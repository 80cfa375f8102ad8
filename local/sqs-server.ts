/**
 * The SQS server (sqs-server-process.ts) in its own Node process, as SQS is not in the
 * functions' process in the cloud either: its CPU and memory are its own (the bench measures
 * them apart). Messages live in memory: they are gone when the hub stops. The process goes
 * with the hub's in any case: it exits when its IPC channel closes, and is killed when this
 * process exits. With `moveTasksHeld` its redrives (message move tasks) tick only on
 * tickMoveTasks(), so a test can hold one running (move-task-clock.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loopbackHost } from './free-port.js';
import type { RuntimeLog } from './log.js';
import { heldMoveTasksFlag, type SqsServerMessage, type SqsServerRequest } from './sqs-server-protocol.js';

/** Node and tsx start, then local-aws-sqs loads: seconds on a loaded 2-core machine. */
export const startTimeoutMs = 60_000;
/** Past the child's own close time (sqs-server-process.ts closeTimeoutMs), it is killed. */
export const stopTimeoutMs = 5_000;
/** A tick moves at most a few hundred messages in memory; past this the server is stuck. */
export const moveTasksTickTimeoutMs = 60_000;

export interface SqsServer {
  readonly endpoint: string;
  /** Process id of the SQS server's Node process. */
  readonly pid: number;
  /** One tick of every running move task, when they are held; answers how many ticked. */
  tickMoveTasks(): Promise<number>;
  stop(): Promise<void>;
}

export interface SqsServerOptions {
  /** Move tasks tick only on tickMoveTasks() (default: each second, on their own). */
  readonly moveTasksHeld?: boolean;
}

export class SqsServerError extends Error {
  override readonly name = 'SqsServerError';
}

const entry = fileURLToPath(new URL('./sqs-server-process.ts', import.meta.url));
// The child runs the TypeScript source as `npm start` does; resolved here so the hub's cwd does not matter.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const exitOf = (child: ChildProcess): Promise<void> =>
  new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });

/** The port the child listens on, once it says so; rejects if it fails, exits or takes too long. */
const portOf = (child: ChildProcess): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new SqsServerError(`the SQS server did not listen within ${startTimeoutMs} ms`)),
      startTimeoutMs,
    );
    child.once('message', (message: SqsServerMessage) => {
      clearTimeout(timer);
      if (message.kind === 'listening') resolve(message.port);
      else if (message.kind === 'failed')
        reject(new SqsServerError(`the SQS server could not start: ${message.error}`));
      else reject(new SqsServerError(`the SQS server said ${message.kind} before it listened`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new SqsServerError(`could not start the SQS server: ${error.message}`, { cause: error }));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new SqsServerError(`the SQS server exited (${String(code ?? signal)}) while starting`));
    });
  });

/** Asks the child for one tick of its held move tasks and waits for its answer (or its end). */
const tickOf = (child: ChildProcess): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.channel?.unref();
      outcome();
    };
    const onMessage = (message: SqsServerMessage) => {
      if (message.kind === 'move-tasks-ticked') settle(() => resolve(message.tasks));
      if (message.kind === 'move-tasks-tick-failed')
        settle(() => reject(new SqsServerError(`the SQS server's move tasks did not tick: ${message.error}`)));
    };
    const onExit = () => settle(() => reject(new SqsServerError('the SQS server exited during a move-task tick')));
    const timer = setTimeout(
      () => settle(() => reject(new SqsServerError(`the move tasks did not tick within ${moveTasksTickTimeoutMs} ms`))),
      moveTasksTickTimeoutMs,
    );
    child.on('message', onMessage);
    child.once('exit', onExit);
    // The channel is unref'd (the server alone keeps no process alive); the answer is awaited.
    child.channel?.ref();
    child.send({ kind: 'tick-move-tasks' } satisfies SqsServerRequest);
  });

export const startSqsServer = async (log: RuntimeLog, options: SqsServerOptions = {}): Promise<SqsServer> => {
  const moveTasksHeld = options.moveTasksHeld ?? false;
  const child = fork(entry, moveTasksHeld ? [heldMoveTasksFlag] : [], {
    execArgv: ['--import', tsxLoader],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let stopping = false;
  // Last resort: whatever ends this process, the SQS server goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const stop = async (): Promise<void> => {
    stopping = true;
    child.ref();
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    await exitOf(child);
    clearTimeout(timer);
    process.off('exit', killOnExit);
  };
  let port: number;
  try {
    port = await portOf(child);
    if (child.pid === undefined) throw new SqsServerError('the SQS server started without a process id');
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = child.pid;
  child.once('exit', (code, signal) => {
    if (!stopping)
      log.error(`the SQS server exited unexpectedly (${String(code ?? signal)}); its queues and messages are gone`);
  });
  // The server alone does not keep the hub's process alive; it goes when that process ends.
  child.unref();
  child.channel?.unref();
  // One tick at a time, in the order asked: a tick's answer is the state after it.
  let ticks: Promise<unknown> = Promise.resolve();
  const tickMoveTasks = (): Promise<number> => {
    if (!moveTasksHeld)
      return Promise.reject(new SqsServerError('the move tasks are not held: they tick each second on their own'));
    const tick = ticks.then(() => tickOf(child));
    ticks = tick.catch(() => undefined);
    return tick;
  };
  return { endpoint: `http://${loopbackHost}:${port}`, pid, tickMoveTasks, stop };
};
