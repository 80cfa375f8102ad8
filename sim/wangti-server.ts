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
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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

interface Fault {
  readonly status: number;
  readonly retryAfterSeconds?: number;
}

/** The export's state: its change log, the token it takes, the faults and repeats it was told to serve. */
interface ExportState {
  readonly serverId: string;
  readonly log: WangtiExportRow[];
  token: string;
  readonly faults: Fault[];
  twice: number;
  readonly stats: {
    requests: number;
    pagesServed: number;
    rowsServed: number;
    unauthorized: number;
    faultsServed: number;
  };
}

const answer = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(body);
};

/** `limit` as platforms.md allows it (1 to 1000; absent: 100), else NaN. */
const limitOf = (url: URL): number => {
  const text = url.searchParams.get('limit');
  return text === null ? limitDefaultRows : /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
};

/** The page at the request's cursor (a cursor of another server reads from the beginning), then the next cursor. */
const servePage = (state: ExportState, url: URL, limit: number, response: ServerResponse): void => {
  const match = /^([0-9a-f]{8})\.(\d{1,9})$/.exec(url.searchParams.get('cursor') ?? '');
  const offset = match && match[1] === state.serverId ? Math.min(Number(match[2]), state.log.length) : 0;
  const rows = state.log.slice(offset, pageEndOf(state.log, offset, limit));
  let next = offset + rows.length;
  if (rows.length > 0 && state.twice > 0) {
    state.twice -= 1;
    next = offset;
  }
  state.stats.pagesServed += 1;
  state.stats.rowsServed += rows.length;
  response.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'x-next-cursor': `${state.serverId}.${next}`,
    'x-has-more': String(next < state.log.length),
  });
  response.end(wangtiCsvOf(rows));
};

/** One request: a fault if one is due, else the token checked, the limit checked, a page. */
const handle = (state: ExportState, request: IncomingMessage, response: ServerResponse): void => {
  state.stats.requests += 1;
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method !== 'GET' || url.pathname !== exportPath) {
    answer(response, 404, 'not found');
    return;
  }
  const fault = state.faults.shift();
  if (fault) {
    state.stats.faultsServed += 1;
    answer(
      response,
      fault.status,
      'simulated fault',
      fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
    );
    return;
  }
  if (request.headers.authorization !== `Bearer ${state.token}`) {
    state.stats.unauthorized += 1;
    answer(response, 401, 'token expired or wrong');
    return;
  }
  const limit = limitOf(url);
  if (Number.isInteger(limit) && limit >= 1 && limit <= limitMaxRows) servePage(state, url, limit, response);
  else answer(response, 400, `limit must be 1 to ${limitMaxRows}`);
};

const listen = async (state: ExportState, port: number): Promise<{ server: Server; port: number }> => {
  const server = createServer((request, response) => {
    try {
      handle(state, request, response);
    } catch (error) {
      answer(response, 500, `simulator error: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
};

export const startWangtiServer = async (options: WangtiServerOptions): Promise<WangtiServer> => {
  const state: ExportState = {
    serverId: randomBytes(4).toString('hex'),
    log: [...(options.rows ?? [])],
    token: options.token,
    faults: [],
    twice: 0,
    stats: { requests: 0, pagesServed: 0, rowsServed: 0, unauthorized: 0, faultsServed: 0 },
  };
  const { server, port } = await listen(state, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    get size() {
      return state.log.length;
    },
    get stats() {
      return { ...state.stats };
    },
    append: (rows) => {
      state.log.push(...rows);
    },
    failNext: (count, status, retryAfterSeconds) => {
      for (let i = 0; i < count; i += 1)
        state.faults.push({ status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
    },
    servePagesTwice: (count) => {
      state.twice += count;
    },
    setToken: (value) => {
      state.token = value;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
