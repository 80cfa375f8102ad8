import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFailureCursor,
  encodeFailureCursor,
  failurePlatforms,
  failuresPageSizeMax,
  mergeFailureScans,
  type FailureKey,
  type PlatformScan,
} from '../../../shared/ops/failure-page.js';
import { failuresQuerySchema } from '../../../shared/ops/params.js';

const t0 = Date.parse('2024-06-01T00:00:00.000Z');

/** A failure key as the failure store writes it (failedAtId = `${failedAt}#${failureId}`). */
const keyOf = (platform: string, ms: number, n: number): FailureKey & { reason: string } => {
  const failedAt = new Date(t0 + ms).toISOString();
  const failureId = `f_${(t0 + ms).toString(36).padStart(10, '0')}${n.toString(16).padStart(8, '0')}`;
  return {
    failureId,
    platform,
    failedAtId: `${failedAt}#${failureId}`,
    reason: n % 3 === 0 ? 'invalid-record' : 'invalid-body',
  };
};

/**
 * One platform's index as aws/failure-admin.ts reads it: newest first below `before`, pages of
 * `pageSize` index items, the reason applied after the read, until `limit` matched or
 * `pagesMax` pages were read.
 */
const scanModel = (
  items: ReadonlyArray<FailureKey & { reason: string }>,
  request: { before?: string; reason?: string; limit: number; pageSize: number; pagesMax: number },
): PlatformScan => {
  const below = [...items]
    .sort((a, b) => (a.failedAtId < b.failedAtId ? 1 : -1))
    .filter((i) => request.before === undefined || i.failedAtId < request.before);
  const found: FailureKey[] = [];
  for (let page = 0, at = 0; ; page += 1) {
    const read = below.slice(at, at + request.pageSize);
    at += read.length;
    found.push(...read.filter((i) => request.reason === undefined || i.reason === request.reason));
    // DynamoDB gives a LastEvaluatedKey whenever the page was cut by the limit.
    const lastEvaluated = read.length === request.pageSize ? read.at(-1)?.failedAtId : undefined;
    if (lastEvaluated === undefined) return { items: found, scannedTo: null };
    if (found.length >= request.limit || page + 1 >= request.pagesMax)
      return { items: found, scannedTo: lastEvaluated };
  }
};

describe('the failure cursor', () => {
  it('gives back the position it was made from', () => {
    const position = keyOf('hnu', 1234, 7).failedAtId;
    expect(decodeFailureCursor(encodeFailureCursor(position))).toBe(position);
  });

  it('refuses text that is not a cursor this list handed out', () => {
    for (const cursor of [
      '',
      'abc',
      'not base64!',
      Buffer.from('2024-06-01T00:00:00.000Z#f_1').toString('base64url'),
      encodeFailureCursor('hello'),
    ]) {
      expect(decodeFailureCursor(cursor)).toBeUndefined();
    }
    expect(failuresQuerySchema.safeParse({ cursor: 'abc' }).success).toBe(false);
  });

  it('takes a limit of up to 200, 50 when absent', () => {
    expect(failuresQuerySchema.parse({}).limit).toBe(50);
    expect(failuresQuerySchema.parse({ limit: '200' }).limit).toBe(failuresPageSizeMax);
    expect(failuresQuerySchema.safeParse({ limit: '201' }).success).toBe(false);
    expect(failuresQuerySchema.safeParse({ platform: 'moodle' }).success).toBe(false);
  });
});

describe("merging the platforms' scans", () => {
  it('hands out the newest failures of all platforms first', () => {
    const hnu = [keyOf('hnu', 30, 1), keyOf('hnu', 10, 2)];
    const jxnu = [keyOf('jxnu', 20, 3)];
    const page = mergeFailureScans(
      [
        { items: hnu, scannedTo: null },
        { items: jxnu, scannedTo: null },
      ],
      2,
    );
    expect(page.items.map((i) => i.platform)).toEqual(['hnu', 'jxnu']);
    expect(page.next).toBe(jxnu[0]?.failedAtId);
  });

  it('ends with no cursor when every platform is read to its end', () => {
    const page = mergeFailureScans(
      [
        { items: [keyOf('hnu', 1, 1)], scannedTo: null },
        { items: [], scannedTo: null },
      ],
      5,
    );
    expect(page).toEqual({ items: [expect.objectContaining({ platform: 'hnu' })], next: null });
  });

  it('does not hand out a failure older than where a platform stopped reading', () => {
    const unread = keyOf('wangti', 40, 9);
    const page = mergeFailureScans(
      [
        { items: [keyOf('hnu', 10, 1)], scannedTo: null },
        { items: [], scannedTo: keyOf('wangti', 50, 8).failedAtId },
      ],
      5,
    );
    expect(page.items).toEqual([]);
    expect(page.next).toBe(keyOf('wangti', 50, 8).failedAtId);
    expect(unread.failedAtId < (page.next as string)).toBe(true);
  });

  it('reads every failure exactly once, newest first, whatever the page sizes and filters', () => {
    const platform = fc.constantFrom(...failurePlatforms);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(platform, fc.integer({ min: 0, max: 500 })), { maxLength: 80 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.constantFrom('invalid-record', 'invalid-body'), { nil: undefined }),
        (rows, limit, pageSize, pagesMax, reason) => {
          const all = rows.map(([p, ms], n) => keyOf(p, ms, n));
          const expected = all
            .filter((i) => reason === undefined || i.reason === reason)
            .sort((a, b) => (a.failedAtId < b.failedAtId ? 1 : -1))
            .map((i) => i.failureId);
          const seen: string[] = [];
          let before: string | undefined;
          for (let round = 0; round < 1_000; round += 1) {
            const scans = failurePlatforms.map((p) =>
              scanModel(
                all.filter((i) => i.platform === p),
                {
                  ...(before === undefined ? {} : { before }),
                  ...(reason === undefined ? {} : { reason }),
                  limit,
                  pageSize: reason === undefined ? limit : pageSize,
                  pagesMax: reason === undefined ? 1 : pagesMax,
                },
              ),
            );
            const page = mergeFailureScans(scans, limit);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((i) => i.failureId));
            if (page.next === null) break;
            // Every page moves on.
            if (before !== undefined) expect(page.next < before).toBe(true);
            before = decodeFailureCursor(encodeFailureCursor(page.next));
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
