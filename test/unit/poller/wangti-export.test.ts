import { describe, expect, it } from 'vitest';
import {
  createWangtiExport,
  retryAfterSecondsDefault,
  retryAfterSecondsOf,
} from '../../../functions/lib/wangti-export.js';

const answering = (response: () => Response | Promise<Response>) => {
  const requests: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(url), init });
    return response();
  }) as typeof fetch;
  return { requests, port: createWangtiExport({ baseUrl: 'http://wangti.test/', token: 't0k', fetchImpl }) };
};

describe('the wangti export client', () => {
  it('asks for the page after the cursor with the bearer token and reads the cursor headers', async () => {
    const { requests, port } = answering(
      () =>
        new Response('\uFEFF流水号\r\n', { status: 200, headers: { 'x-next-cursor': 'abc', 'x-has-more': 'true' } }),
    );
    expect(await port.fetchPage('c 1', 500, 1000)).toMatchObject({ kind: 'page', nextCursor: 'abc', hasMore: true });
    expect(requests[0]?.url).toBe('http://wangti.test/api/v2/exports/completions?cursor=c+1&limit=500');
    expect(requests[0]?.init?.headers).toMatchObject({ authorization: 'Bearer t0k' });
    expect(requests[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('sorts the answers the poll loop acts on', async () => {
    expect(await answering(() => new Response('', { status: 401 })).port.fetchPage(undefined, 10, 1000)).toEqual({
      kind: 'unauthorized',
    });
    expect(
      await answering(() => new Response('', { status: 429, headers: { 'retry-after': '7' } })).port.fetchPage(
        undefined,
        10,
        1000,
      ),
    ).toEqual({ kind: 'rate-limited', retryAfterSeconds: 7 });
    expect(await answering(() => new Response('', { status: 503 })).port.fetchPage(undefined, 10, 1000)).toEqual({
      kind: 'server-error',
      status: 503,
    });
    expect(await answering(() => new Response('', { status: 400 })).port.fetchPage(undefined, 10, 1000)).toEqual({
      kind: 'unexpected',
      message: 'status 400',
    });
    expect((await answering(() => new Response('x', { status: 200 })).port.fetchPage(undefined, 10, 1000)).kind).toBe(
      'unexpected',
    );
    expect(
      (await answering(() => Promise.reject(new TypeError('fetch failed'))).port.fetchPage(undefined, 10, 1000)).kind,
    ).toBe('no-answer');
  });

  it('reads Retry-After as seconds or an HTTP date, with a default when it is neither', () => {
    const now = new Date('2024-06-01T00:00:00Z');
    expect(retryAfterSecondsOf('30', now)).toBe(30);
    expect(retryAfterSecondsOf('Sat, 01 Jun 2024 00:00:45 GMT', now)).toBe(45);
    expect(retryAfterSecondsOf('soon', now)).toBe(retryAfterSecondsDefault);
    expect(retryAfterSecondsOf(null, now)).toBe(retryAfterSecondsDefault);
  });
});
