/**
 * The SQS server's own process (forked by sqs-server.ts), so its CPU is not the functions':
 * `local-aws-sqs` (JSON and Query protocols, dead-letter queues by RedrivePolicy,
 * StartMessageMoveTask, with the receive-count fix of local-aws-sqs-fixed.ts) on the loopback
 * interface, messages in memory. It tells its parent the port once it listens, and exits when
 * the parent disconnects, stops or dies (its IPC channel closes) or sends SIGTERM. Started with
 * `heldMoveTasksFlag`, its move tasks (redrives) tick only when the parent asks
 * (move-task-clock.ts).
 */
import { createServer } from 'node:http';
import { localAccountId, localRegion } from './aws-local.js';
import { loopbackHost } from './free-port.js';
import { loadLocalAwsSqs } from './local-aws-sqs-fixed.js';
import { createRuntimeLog, errorLine } from './log.js';
import { closeWithin, listenOnLoopback } from './loopback-server.js';
import { heldMoveTasks, MoveTaskIntervalMissingError, timedMoveTasks, type HeldMoveTasks } from './move-task-clock.js';
import { heldMoveTasksFlag, type SqsServerMessage, type SqsServerRequest } from './sqs-server-protocol.js';

/** Requests in flight get this long to finish at stop; open long polls end within their wait. */
export const closeTimeoutMs = 2_000;

const tell = (message: SqsServerMessage): void => {
  process.send?.(message);
};

const answerTicks = (held: HeldMoveTasks): void => {
  process.on('message', (request: SqsServerRequest) => {
    if (request.kind !== 'tick-move-tasks') return;
    held.tick().then(
      (tasks) => tell({ kind: 'move-tasks-ticked', tasks }),
      (error: unknown) => tell({ kind: 'move-tasks-tick-failed', error: errorLine(error) }),
    );
  });
};

const serve = async (): Promise<void> => {
  const log = createRuntimeLog(true);
  const held = process.argv.includes(heldMoveTasksFlag) ? heldMoveTasks() : undefined;
  const { module, receiveCountFixed, moveTaskTimersRouted } = loadLocalAwsSqs(held ?? timedMoveTasks);
  if (held && !moveTaskTimersRouted)
    throw new MoveTaskIntervalMissingError('local-aws-sqs: its move task interval is not in the bundle as expected');
  if (held) answerTicks(held);
  if (!receiveCountFixed) {
    log.warn(
      'local-aws-sqs: could not apply the ApproximateReceiveCount fix; a message handed back early counts twice toward maxReceiveCount',
    );
  }
  const { service, requestHandler } = module.createRequestHandler({
    port: 0,
    hostname: loopbackHost,
    region: localRegion,
    accountId: localAccountId,
    // Queues are created once at start; there is no reason to wait 60 s after a delete.
    emulateQueueCreationLifecycle: false,
  });
  const server = createServer((request, response) => {
    requestHandler(request, response).catch((error: unknown) => {
      log.error('SQS server: request failed', error);
      if (!response.headersSent) response.statusCode = 500;
      response.end();
    });
  });
  const port = await listenOnLoopback(server, 0, 'SQS server');
  // Queue URLs are built from the service's port.
  service.PORT = port;
  let exiting = false;
  const exit = () => {
    if (exiting) return;
    exiting = true;
    void closeWithin(server, closeTimeoutMs).finally(() => process.exit(0));
  };
  process.on('disconnect', exit);
  process.on('SIGTERM', exit);
  // Ctrl-C reaches the whole foreground group: the hub stops its consumers first, then this.
  process.on('SIGINT', () => undefined);
  // The parent may be gone already (it died while this started): then there is no one to serve.
  if (!process.connected) exit();
  else tell({ kind: 'listening', port });
};

serve().catch((error: unknown) => {
  tell({ kind: 'failed', error: errorLine(error) });
  process.exit(1);
});
