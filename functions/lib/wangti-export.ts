/**
 * The HTTP client of the wangti export (platforms.md): GET a page with the cursor and a
 * Bearer token, each request bounded by an AbortSignal timeout, the answer sorted into what
 * the poll loop acts on (shared/platforms/wangti/poll-loop.ts).
 */
import { exportPageHeadersOf, exportPageUrl } from '../../shared/platforms/wangti/export-page.js';
import type { ExportAnswer, ExportPort } from '../../shared/platforms/wangti/poll-loop.js';
import { describeProblems } from '../../shared/result.js';

/** When a 429 names no usable Retry-After. */
export const retryAfterSecondsDefault = 60;

/** Retry-After as delta seconds or an HTTP date (RFC 9110). */
export const retryAfterSecondsOf = (value: string | null, now: Date): number => {
  if (value === null) return retryAfterSecondsDefault;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? retryAfterSecondsDefault : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
};

export const createWangtiExport = (options: {
  baseUrl: string;
  token: string;
  fetchImpl?: typeof fetch;
}): ExportPort => {
  const fetchImpl = options.fetchImpl ?? fetch;
  return {
    fetchPage: async (cursor, limit, timeoutMs): Promise<ExportAnswer> => {
      let response: Response;
      let csv: string;
      try {
        response = await fetchImpl(exportPageUrl(options.baseUrl, cursor, limit), {
          headers: { authorization: `Bearer ${options.token}`, accept: 'text/csv' },
          signal: AbortSignal.timeout(timeoutMs),
        });
        csv = await response.text();
      } catch (error) {
        // Refused, reset or timed out: transient, like a 5xx.
        const cause = (error as Error).cause as Error | undefined;
        return {
          kind: 'no-answer',
          message: `${(error as Error).name}: ${cause?.message ?? (error as Error).message}`,
        };
      }
      if (response.status === 200) {
        const headers = exportPageHeadersOf(response.headers);
        if (!headers.ok)
          return {
            kind: 'unexpected',
            message: `200 without usable cursor headers: ${describeProblems(headers.problems)}`,
          };
        return { kind: 'page', csv, nextCursor: headers.value.nextCursor, hasMore: headers.value.hasMore };
      }
      if (response.status === 401) return { kind: 'unauthorized' };
      if (response.status === 429)
        return {
          kind: 'rate-limited',
          retryAfterSeconds: retryAfterSecondsOf(response.headers.get('retry-after'), new Date()),
        };
      if (response.status >= 500) return { kind: 'server-error', status: response.status };
      return { kind: 'unexpected', message: `status ${response.status}` };
    },
  };
};
