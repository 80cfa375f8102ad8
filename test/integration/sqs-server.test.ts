/**
 * The local SQS server in its own Node process (local/sqs-server.ts): it answers SQS on the
 * loopback interface from a process apart from the hub's, ignores a Ctrl-C meant for the
 * whole terminal group (the hub stops it after its consumers), ends on stop(), and goes with
 * the process that started it even when that one is killed outright.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CreateQueueCommand, ListQueuesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hubSqsClient } from '../../local/hub-queues.js';
import { createRuntimeLog } from '../../local/log.js';
import { startSqsServer, type SqsServer } from '../../local/sqs-server.js';
import { sleep } from '../../shared/sleep.js';
import { descendantsOf, isAlive } from '../support/process-tree.js';

/** The server's own close time is 2 s; a loaded 2-core machine gets more. */
const goneWithinMs = 15_000;
const holderStartWithinMs = 120_000;

let server: SqsServer;
let sqs: SQSClient;

beforeAll(async () => {
  server = await startSqsServer(createRuntimeLog(true));
  sqs = hubSqsClient(server.endpoint);
});

afterAll(async () => {
  sqs?.destroy();
  await server?.stop();
});

const untilGone = async (pid: number, withinMs: number): Promise<boolean> => {
  const deadline = Date.now() + withinMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  return !isAlive(pid);
};

describe('the local SQS server', () => {
  it('answers SQS on the loopback interface from a Node process of its own, a child of the hub', async () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.pid).not.toBe(process.pid);
    const child = descendantsOf(process.pid).find((p) => p.pid === server.pid);
    expect(child?.command).toContain('sqs-server-process.ts');
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'sqs-server-test' }));
    expect(created.QueueUrl).toContain(server.endpoint.replace('http://', ''));
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toEqual([created.QueueUrl]);
  });

  it('keeps serving after a SIGINT alone (a Ctrl-C reaches the whole terminal group; the hub stops it in order)', async () => {
    process.kill(server.pid, 'SIGINT');
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toHaveLength(1);
    expect(isAlive(server.pid)).toBe(true);
  });
});

describe('stopping the local SQS server', () => {
  const holders: ChildProcess[] = [];
  afterEach(() => {
    for (const holder of holders.splice(0)) if (holder.exitCode === null) holder.kill('SIGKILL');
  });

  it('stop() ends its process and leaves no child behind; stopping again is harmless', async () => {
    const own = await startSqsServer(createRuntimeLog(true));
    expect(isAlive(own.pid)).toBe(true);
    await own.stop();
    expect(isAlive(own.pid)).toBe(false);
    expect(descendantsOf(process.pid).map((p) => p.pid)).not.toContain(own.pid);
    await own.stop();
  });

  it(
    'goes when the process that started it is killed outright (SIGKILL: no exit handler runs)',
    async () => {
      const holder = spawn(process.execPath, ['--import', 'tsx', 'test/support/sqs-server-holder.ts'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      holders.push(holder);
      const timer = setTimeout(() => holder.kill('SIGKILL'), holderStartWithinMs);
      const [line] = (await once(holder.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
      clearTimeout(timer);
      const { sqsPid } = JSON.parse(line.toString('utf8')) as { sqsPid: number };
      expect(isAlive(sqsPid)).toBe(true);

      holder.kill('SIGKILL');
      expect(await untilGone(sqsPid, goneWithinMs)).toBe(true);
    },
    holderStartWithinMs + goneWithinMs,
  );
});
