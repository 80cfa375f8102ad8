/**
 * The SQS server (sqs-server-process.ts) in its own Node process, as SQS is not in the
 * functions' process in the cloud either: its CPU and memory are its own (the bench measures
 * them apart). Messages live in memory: they are gone when the hub stops. The process goes
 * with the hub's in any case: it exits when its IPC channel closes, and is killed when this
 * process exits.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loopbackHost } from './free-port.js';
import type { RuntimeLog } from './log.js';
import type { SqsServerMessage } from './sqs-server-process.js';

/** Node and tsx start, then local-aws-sqs loads: seconds on a loaded 2-core machine. */
export const startTimeoutMs = 60_000;
/** Past the child's own close time (sqs-server-process.ts closeTimeoutMs), it is killed. */
export const stopTimeoutMs = 5_000;

export interface SqsServer {
  readonly endpoint: string;
  /** Process id of the SQS server's Node process. */
  readonly pid: number;
  stop(): Promise<void>;
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
      else reject(new SqsServerError(`the SQS server could not start: ${message.error}`));
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

export const startSqsServer = async (log: RuntimeLog): Promise<SqsServer> => {
  const child = fork(entry, [], {
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
  return { endpoint: `http://${loopbackHost}:${port}`, pid, stop };
};
