/**
 * The local runtime's HTTP servers (the hub's endpoint, the SQS server) on the loopback
 * interface: listening on a port, and stopping with the requests in flight given a bounded time.
 */
import type { Server } from 'node:http';
import { loopbackHost, ServerPortError } from './free-port.js';

/** Listens on `port` (0: a free one) and answers the port it got; `what` names the server in errors. */
export const listenOnLoopback = (server: Server, port: number, what: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, loopbackHost, () => {
      server.off('error', reject);
      const address = server.address();
      if (typeof address === 'object' && address !== null) resolve(address.port);
      else reject(new ServerPortError(`the ${what} has no port`));
    });
  });

/**
 * Stops accepting and resolves once the requests in flight have finished, or after `timeoutMs`
 * with every connection closed. Idle keep-alive connections go at once: they would hold close()
 * open.
 */
export const closeWithin = (server: Server, timeoutMs: number): Promise<void> =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
