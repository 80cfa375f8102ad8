/**
 * An SQS-compatible server in this process (`local-aws-sqs`: JSON and Query protocols, dead-letter
 * queues by RedrivePolicy, StartMessageMoveTask), bound to the loopback interface. Messages live
 * in memory: they are gone when the hub stops.
 */
import { createServer } from 'node:http';
import { loopbackHost } from './free-port.js';
import { localAccountId, localRegion } from './aws-local.js';
import { loadLocalAwsSqs } from './local-aws-sqs-fixed.js';
import { closeWithin, listenOnLoopback } from './loopback-server.js';
import type { RuntimeLog } from './log.js';

export const closeTimeoutMs = 2_000;

export interface SqsServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export const startSqsServer = async (log: RuntimeLog): Promise<SqsServer> => {
  const { module, receiveCountFixed } = loadLocalAwsSqs();
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
  // Open long polls end within their wait.
  return { endpoint: `http://${loopbackHost}:${port}`, stop: () => closeWithin(server, closeTimeoutMs) };
};
