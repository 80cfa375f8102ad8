/**
 * The wangti platform's export, served over HTTP on 127.0.0.1 exactly as platforms.md says:
 * `GET /api/v2/exports/completions?cursor=&limit=` with `Authorization: Bearer {token}`
 * (else 401), `limit` 1 to 1000, a CSV page (byte-order mark, CRLF, Chinese header, quoting)
 * with `X-Next-Cursor` and `X-Has-More`. Rows are the export's change log (a changed record
 * is exported again later); more can be appended while it runs. It can be told to answer 429
 * (with Retry-After) or 5xx for the next N requests, and to serve a page twice.
 *
 * Cursors are opaque: `<server id>.<offset>`. A cursor this server did not hand out (one a hub
 * kept from another run of the simulator, or from another export) reads from the beginning.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sameVersionTime, wangtiCsvOf, type WangtiExportRow } from './wangti-csv.js';

export const exportPath = '/api/v2/exports/completions';
export const limitMaxRows = 1000;
export const limitDefaultRows = 100;

export interface WangtiServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port?: number;
  readonly token: string;
  readonly rows?: readonly WangtiExportRow[];
}

export interface WangtiServerStats {
  readonly requests: number;
  readonly pagesServed: number;
  readonly rowsServed: number;
  readonly unauthorized: number;
  readonly faultsServed: number;
}

export interface WangtiServer {
  readonly url: string;
  /** Rows in the export so far. */
  readonly size: number;
  readonly stats: WangtiServerStats;
  append(rows: readonly WangtiExportRow[]): void;
  /** The next `count` requests (authorised or not) answer `status`; 429 carries Retry-After. */
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  /** The next `count` non-empty pages are answered with the cursor that was sent, so each is read twice. */
  servePagesTwice(count: number): void;
  setToken(token: string): void;
  stop(): Promise<void>;
}

/**
 * Where a page that starts at `offset` ends: at most `limit` rows, and not between rows of one
 * 流水号 with one 更新时间, whose order is defined only within a page (rules.md), unless they
 * fill the whole page.
 */
export const pageEndOf = (log: readonly WangtiExportRow[], offset: number, limit: number): number => {
  const full = Math.min(log.length, offset + limit);
  let end = full;
  while (end > offset && end < log.length && sameVersionTime(log[end - 1], log[end])) end -= 1;
  return end > offset ? end : full;
};

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: over 70 lines before the rule came in; to be split into named steps (issue 14)
export const startWangtiServer = async (options: WangtiServerOptions): Promise<WangtiServer> => {
  const serverId = randomBytes(4).toString('hex');
  const log: WangtiExportRow[] = [...(options.rows ?? [])];
  let token = options.token;
  const faults: Array<{ status: number; retryAfterSeconds?: number }> = [];
  let twice = 0;
  const stats = { requests: 0, pagesServed: 0, rowsServed: 0, unauthorized: 0, faultsServed: 0 };

  const cursorOf = (offset: number) => `${serverId}.${offset}`;
  const offsetOf = (cursor: string | null): number => {
    const match = /^([0-9a-f]{8})\.(\d{1,9})$/.exec(cursor ?? '');
    return match && match[1] === serverId ? Math.min(Number(match[2]), log.length) : 0;
  };

  const answer = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    response.end(body);
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    stats.requests += 1;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== exportPath) return answer(response, 404, 'not found');
    const fault = faults.shift();
    if (fault) {
      stats.faultsServed += 1;
      return answer(
        response,
        fault.status,
        'simulated fault',
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
      );
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      stats.unauthorized += 1;
      return answer(response, 401, 'token expired or wrong');
    }
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null ? limitDefaultRows : /^\d{1,4}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > limitMaxRows)
      return answer(response, 400, `limit must be 1 to ${limitMaxRows}`);
    const offset = offsetOf(url.searchParams.get('cursor'));
    const rows = log.slice(offset, pageEndOf(log, offset, limit));
    let next = offset + rows.length;
    if (rows.length > 0 && twice > 0) {
      twice -= 1;
      next = offset;
    }
    stats.pagesServed += 1;
    stats.rowsServed += rows.length;
    response.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'x-next-cursor': cursorOf(next),
      'x-has-more': String(next < log.length),
    });
    response.end(wangtiCsvOf(rows));
  };

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      answer(response, 500, `simulator error: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get size() {
      return log.length;
    },
    get stats() {
      return { ...stats };
    },
    append: (rows) => {
      log.push(...rows);
    },
    failNext: (count, status, retryAfterSeconds) => {
      for (let i = 0; i < count; i += 1)
        faults.push({ status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
    },
    servePagesTwice: (count) => {
      twice += count;
    },
    setToken: (value) => {
      token = value;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
