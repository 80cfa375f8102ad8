/**
 * A wangti export as platforms.md describes it: RFC 4180 CSV with a byte-order mark, CRLF and a
 * Chinese header row, paged by an opaque cursor, `X-Next-Cursor` and `X-Has-More`, bearer token.
 * Pages are served as the cases made them (at most `limit` rows each: pages are small).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { wangtiColumns, type WangtiRow } from '../deliveries.js';

const byteOrderMark = '\uFEFF';
const crlf = '\r\n';

const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export const csvPage = (rows: readonly WangtiRow[]): string =>
  byteOrderMark +
  [
    wangtiColumns.join(','),
    ...rows.map((row) => wangtiColumns.map((column) => csvField(row[column] ?? '')).join(',')),
  ].join(crlf) +
  crlf;

export interface ExportServer {
  readonly url: string;
  /** Appends pages to the export, after everything already in it. */
  append(pages: readonly (readonly WangtiRow[])[]): void;
  /** Pages served, and how many of them were past the end (drained). */
  readonly served: { pages: number; drained: number };
  stop(): Promise<void>;
}

const cursorOf = (page: number): string => Buffer.from(`page:${page}`).toString('base64url');
const pageOf = (cursor: string | null): number =>
  cursor ? Number(Buffer.from(cursor, 'base64url').toString().slice('page:'.length)) : 0;

export const startExportServer = async (token: string): Promise<ExportServer> => {
  const pages: (readonly WangtiRow[])[] = [];
  const served = { pages: 0, drained: 0 };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://export');
    if (url.pathname !== '/api/v2/exports/completions') return void response.writeHead(404).end();
    if (request.headers.authorization !== `Bearer ${token}`) return void response.writeHead(401).end();
    const page = pageOf(url.searchParams.get('cursor'));
    const limit = Number(url.searchParams.get('limit') ?? '1000');
    if (!Number.isInteger(page) || page < 0 || !(limit >= 1 && limit <= 1000))
      return void response.writeHead(400).end();
    const rows = pages[page];
    served.pages += 1;
    if (!rows) served.drained += 1;
    if (rows && rows.length > limit)
      throw new Error(`a generated page has ${rows.length} rows, over the poller's limit ${limit}`);
    response.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'x-next-cursor': cursorOf(rows ? page + 1 : page),
      'x-has-more': String(rows !== undefined && page + 1 < pages.length),
    });
    response.end(Buffer.from(csvPage(rows ?? []), 'utf8'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    append: (more) => void pages.push(...more),
    served,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
