/** A TCP port that is free right now on the loopback interface (listen on port 0, read it, close). */
import { createServer } from 'node:net';

export const loopbackHost = '127.0.0.1';

/** Listening on the loopback interface gave no port. */
export class ServerPortError extends Error {
  override readonly name = 'ServerPortError';
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, loopbackHost, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((error) =>
        error ? reject(error) : port > 0 ? resolve(port) : reject(new ServerPortError('no port was assigned')),
      );
    });
  });
