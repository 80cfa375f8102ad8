import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeTranscriptCursor,
  encodeTranscriptCursor,
  transcriptCursorPattern,
  upgradeTranscriptCursor,
} from '../../../shared/api/transcript.js';
import {
  decodeFeedCursor,
  encodeFeedCursor,
  feedCursorPattern,
  feedPositionOf,
  feedStart,
  upgradeFeedCursor,
} from '../../../shared/ledger/feed.js';

const recordIds = fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' }).filter((id) => id.length <= 64);
const positions = fc.record({
  completedAtMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  recordId: recordIds,
  source: fc.constantFrom('hnu', 'jxnu', 'wangti', 'portal'),
});
const feedPositions = fc.oneof(
  fc.constant(feedStart),
  fc
    .record({
      at: fc.date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      key: fc.stringMatching(/^[0-9a-f]{32}$/),
    })
    .map(({ at, key }) => feedPositionOf(at.toISOString(), key)),
);

describe('transcript cursors', () => {
  it('name the position they were made of, in the form their pattern states', () => {
    fc.assert(
      fc.property(positions, (position) => {
        const cursor = encodeTranscriptCursor(position);
        expect(cursor).toMatch(transcriptCursorPattern);
        expect(decodeTranscriptCursor(cursor)).toEqual(position);
      }),
    );
  });

  it('read a cursor of the first form (base64url of [ms, recordId, source]) as the same position', () => {
    fc.assert(
      fc.property(positions, (position) => {
        const first = Buffer.from(
          JSON.stringify([position.completedAtMs, position.recordId, position.source]),
          'utf8',
        ).toString('base64url');
        expect(decodeTranscriptCursor(upgradeTranscriptCursor(first) as string)).toEqual(position);
      }),
    );
  });

  it('leave what is neither form as it is, for the schema to refuse', () => {
    for (const value of ['', 'not-a-cursor', 'bm90LWEtY3Vyc29y', '12_HNU_AA', 42])
      expect(upgradeTranscriptCursor(value)).toBe(value);
    expect(decodeTranscriptCursor('not-a-cursor')).toBeUndefined();
  });
});

describe('feed cursors', () => {
  it('name the position they were made of, in the form their pattern states', () => {
    fc.assert(
      fc.property(feedPositions, (position) => {
        const cursor = encodeFeedCursor(position);
        expect(cursor).toMatch(feedCursorPattern);
        expect(decodeFeedCursor(cursor)).toBe(position);
      }),
    );
  });

  it('read a cursor of the first form (base64url of the position) as the same position', () => {
    fc.assert(
      fc.property(feedPositions, (position) => {
        expect(upgradeFeedCursor(Buffer.from(position, 'utf8').toString('base64url'))).toBe(encodeFeedCursor(position));
      }),
    );
  });

  it('leave what is neither form as it is, for the schema to refuse', () => {
    for (const value of ['', 'bm90LWEtY3Vyc29y', '2024-01-01T00:00:00.000Z#' + 'a'.repeat(32), 7])
      expect(upgradeFeedCursor(value)).toBe(value);
  });
});
