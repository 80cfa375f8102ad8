/**
 * The hub's HTTP endpoint on the loopback interface: each request matched to a topology route
 * and handed to its function as an API Gateway HTTP API (2.0) event. The gateway's own answers
 * are API Gateway's: 404 for no route, 413 for a body over its 10 MiB limit, 500 when the
 * function fails, 503 when it runs past its timeout.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { functions } from '../infra/topology.js';
import { gatewayError, splitUrl, toApiGatewayEvent, toHttpAnswer, type HttpAnswer } from './api-gateway-event.js';
import { loopbackHost } from './free-port.js';
import { HandlerTimeoutError, type Invoker } from './invoker.js';
import type { RuntimeLog } from './log.js';
import { closeWithin, listenOnLoopback } from './loopback-server.js';
import { matchRoute, type Route } from './routes.js';

/**
 * API Gateway's payload limit for HTTP APIs: the gateway's own 413, before any function runs.
 * Not the hub's limit on a request body (bodyBytesMax in shared/request-limits.ts, 1 MiB), which
 * the functions check and answer with their own 413 problem.
 */
export const gatewayPayloadBytesMax = 10 * 1024 * 1024;
export const closeTimeoutMs = 5_000;

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** The whole body; past gatewayPayloadBytesMax the rest is read and dropped, so the 413 reaches the client. */
const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= gatewayPayloadBytesMax) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on('end', () =>
      size > gatewayPayloadBytesMax
        ? reject(new BodyTooLargeError(`${size} bytes`))
        : resolve(Buffer.concat(chunks, size)),
    );
    request.on('error', reject);
  });

const send = (response: ServerResponse, answer: HttpAnswer, requestId: string): void => {
  response.statusCode = answer.statusCode;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (answer.cookies.length > 0) response.setHeader('set-cookie', [...answer.cookies]);
  response.setHeader('apigw-requestid', requestId);
  response.setHeader('content-length', answer.body.length);
  response.end(answer.body);
};

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

interface HttpServerOptions {
  readonly port: number;
  readonly routes: readonly Route[];
  readonly invoker: Invoker;
  readonly log: RuntimeLog;
}

/** The function's answer to the request, or the gateway's own (404, 413, 500, 503); with the route when one matched. */
const answerRequest = async (
  { routes, invoker, log }: HttpServerOptions,
  request: IncomingMessage,
  requestId: string,
  receivedAt: Date,
): Promise<{ answer: HttpAnswer; route?: Route }> => {
  const method = request.method ?? 'GET';
  const url = request.url ?? '/';
  const match = matchRoute(routes, method, splitUrl(url).rawPath);
  let body: Buffer;
  try {
    body = await readBody(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { answer: gatewayError(413, 'Request Entity Too Large') };
    throw error;
  }
  if (!match) return { answer: gatewayError(404, 'Not Found') };
  const sourceIp = request.socket.remoteAddress ?? loopbackHost;
  const event = toApiGatewayEvent(
    { method, url, headers: request.headers, body, sourceIp, requestId, receivedAt },
    match,
  );
  const functionName = match.route.functionName;
  try {
    const result = await invoker.invoke(functionName, event, { requestId });
    return { answer: toHttpAnswer(result), route: match.route };
  } catch (error) {
    if (error instanceof HandlerTimeoutError) {
      log.warn(`${match.route.routeKey}: ${error.message}; answered 503`);
      return { answer: gatewayError(503, 'Service Unavailable'), route: match.route };
    }
    log.error(`${match.route.routeKey}: ${functionName} failed; answered 500 (request ${requestId})`, error);
    return { answer: gatewayError(500, 'Internal Server Error'), route: match.route };
  }
};

/** Answers one request and logs it; a request that cannot be answered gets a 500 (or its connection closed). */
const serveRequest = (options: HttpServerOptions, request: IncomingMessage, response: ServerResponse): void => {
  const { log } = options;
  const receivedAt = new Date();
  const requestId = randomUUID();
  answerRequest(options, request, requestId, receivedAt)
    .then(({ answer: reply, route }) => {
      send(response, reply, requestId);
      const path = splitUrl(request.url ?? '/').rawPath;
      const by = route ? ` (${route.functionName})` : '';
      log.info(
        `${request.method ?? '?'} ${path} -> ${reply.statusCode} in ${Date.now() - receivedAt.getTime()} ms${by}`,
      );
    })
    .catch((error: unknown) => {
      log.error(`${request.method ?? '?'} ${request.url ?? ''}: the request could not be answered`, error);
      if (!response.headersSent) send(response, gatewayError(500, 'Internal Server Error'), requestId);
      else response.destroy();
    });
};

export const startHttpServer = async (options: HttpServerOptions): Promise<HttpServer> => {
  const server: Server = createServer((request, response) => serveRequest(options, request, response));
  const port = await listenOnLoopback(server, options.port, 'HTTP server');
  server.on('error', (error) => options.log.error('HTTP server error', error));
  // Requests in flight finish (bounded); idle keep-alive connections go now.
  return { url: `http://${loopbackHost}:${port}`, port, stop: () => closeWithin(server, closeTimeoutMs) };
};

/** Every route with its function and timeout, for the start banner. */
export const describeRoutes = (routes: readonly Route[]): string[] =>
  routes.map(
    (route) =>
      `${route.method.padEnd(4)} ${route.path}  -> ${route.functionName} (${functions[route.functionName].timeoutSeconds} s)`,
  );
