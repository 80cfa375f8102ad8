/**
 * A wangti export as platforms.md has it, at its smallest: one page, then drained at the cursor
 * that page gave (the header alone, `X-Has-More: false`). For tests that need a known page, not
 * the simulator's traffic.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OnePageExport {
  readonly baseUrl: string;
  readonly token: string;
  /** Requests answered so far, refused ones included. */
  requests(): number;
  stop(): Promise<void>;
}

export const startOnePageExport = async (options: {
  readonly token: string;
  /** The first page's CSV, as sent (byte-order mark, header and CRLF included). */
  readonly page: string;
  readonly nextCursor?: string;
}): Promise<OnePageExport> => {
  const drained = `${options.page.split('\r\n')[0]}\r\n`;
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    if (request.headers.authorization !== `Bearer ${options.token}`) return void response.writeHead(401).end();
    const first = !new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.has('cursor');
    response.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'x-next-cursor': options.nextCursor ?? 'c-1',
      'x-has-more': 'false',
    });
    response.end(first ? options.page : drained);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: options.token,
    requests: () => requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
