/**
 * The operators' failure list (`GET /ops/failures`): newest first over the failures table's
 * `byPlatform` index (sort key `failedAtId` = `${failedAt}#${failureId}`), one query per
 * platform when no platform is asked for, merged here.
 *
 * Paging is by position: the cursor is the sort key of the last failure handed out (or of the
 * point every platform was read down to), and the next page starts strictly below it. Sort keys
 * are unique (they end in the failure id), so one position orders all platforms. The cursor
 * does not carry the filters: the same cursor with other filters is just a position.
 */
import { failureIdPattern, type FailureReasonCode } from '../failures.js';

/** Where failures come from: the platforms, the portal (adjustments), and `unknown` (a queue message that names none). */
export const failurePlatforms = ['hnu', 'jxnu', 'wangti', 'portal', 'unknown'] as const;
export type FailurePlatform = (typeof failurePlatforms)[number];

export const failuresPageSizeMax = 200;
export const failuresPageSizeDefault = 50;

/** A failure's place in the newest-first order. */
export interface FailureKey {
  readonly failureId: string;
  readonly platform: string;
  /** `${failedAt}#${failureId}`: the index's sort key. */
  readonly failedAtId: string;
}

/** What one platform's query found below the cursor. */
export interface PlatformScan {
  /** Failures that match the filters, newest first. */
  readonly items: readonly FailureKey[];
  /**
   * The sort key the query read down to (DynamoDB's LastEvaluatedKey), or null when the
   * platform has nothing older: below this position it has not been read.
   */
  readonly scannedTo: string | null;
}

export interface FailurePage {
  readonly items: readonly FailureKey[];
  /** Position to read on from, or null at the end. */
  readonly next: string | null;
}

export interface FailureFilter {
  readonly platform?: FailurePlatform;
  readonly reason?: FailureReasonCode;
}

/**
 * The cursor is a position (`failedAt` as toISOString writes it, then the failure id), written
 * so that failureCursorPattern says exactly which cursors the list takes (the OpenAPI document
 * shows it): any text of that form is a position to read on from. `#` would need escaping in a
 * URL, so the cursor has `_` there, as the portal's feed cursor.
 */
export const failureCursorPattern = new RegExp(
  `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z_${failureIdPattern.source.slice(1, -1)}$`,
);

export const encodeFailureCursor = (position: string): string => position.replace('#', '_');

/** The position a cursor names, or undefined when it is not of failureCursorPattern's form. */
export const decodeFailureCursor = (cursor: string): string | undefined =>
  failureCursorPattern.test(cursor) ? cursor.replace('_', '#') : undefined;

const newestFirst = (a: FailureKey, b: FailureKey): number =>
  a.failedAtId < b.failedAtId ? 1 : a.failedAtId > b.failedAtId ? -1 : 0;

/**
 * Merges the platforms' scans into one page of at most `limit`. A failure is handed out only if
 * no platform can still have a newer one unread: only down to the highest `scannedTo` of the
 * platforms not yet read to their end (the frontier). The next page starts below the last
 * failure handed out, or below the frontier when the page is short of `limit`.
 */
export const mergeFailureScans = (scans: readonly PlatformScan[], limit: number): FailurePage => {
  const open = scans.map((scan) => scan.scannedTo).filter((to): to is string => to !== null);
  // biome-ignore lint/complexity/useMathMinMax: failure ids are strings; Math.max would answer NaN
  const frontier = open.length > 0 ? open.reduce((a, b) => (a > b ? a : b)) : undefined;
  const safe = scans
    .flatMap((scan) => scan.items)
    .filter((item) => frontier === undefined || item.failedAtId >= frontier)
    .sort(newestFirst);
  const items = safe.slice(0, limit);
  if (items.length === limit && (safe.length > limit || frontier !== undefined))
    return { items, next: (items.at(-1) as FailureKey).failedAtId };
  if (items.length < limit && frontier !== undefined) return { items, next: frontier };
  return { items, next: null };
};
