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

/** A kind of cursor the API hands out: its current form, and the first form it still reads. */
interface CursorKind<P> {
  readonly positions: fc.Arbitrary<P>;
  readonly encode: (position: P) => string;
  readonly decode: (cursor: string) => P | undefined;
  readonly pattern: RegExp;
  readonly upgrade: (value: unknown) => unknown;
  /** The cursor of the first form for a position. */
  readonly firstFormOf: (position: P) => string;
  /** Values of neither form. */
  readonly neither: readonly unknown[];
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const transcriptCursors: CursorKind<Parameters<typeof encodeTranscriptCursor>[0]> = {
  positions,
  encode: encodeTranscriptCursor,
  decode: decodeTranscriptCursor,
  pattern: transcriptCursorPattern,
  upgrade: upgradeTranscriptCursor,
  firstFormOf: (p) => base64url(JSON.stringify([p.completedAtMs, p.recordId, p.source])),
  neither: ['', 'not-a-cursor', 'bm90LWEtY3Vyc29y', '12_HNU_AA', 42],
};

const feedCursors: CursorKind<string> = {
  positions: feedPositions,
  encode: encodeFeedCursor,
  decode: decodeFeedCursor,
  pattern: feedCursorPattern,
  upgrade: upgradeFeedCursor,
  firstFormOf: base64url,
  neither: ['', 'bm90LWEtY3Vyc29y', `2024-01-01T00:00:00.000Z#${'a'.repeat(32)}`, 7],
};

const describeCursors = <P>(name: string, kind: CursorKind<P>, firstForm: string) =>
  describe(`${name} cursors`, () => {
    it('name the position they were made of, in the form their pattern states', () => {
      fc.assert(
        fc.property(kind.positions, (position) => {
          const cursor = kind.encode(position);
          expect(cursor).toMatch(kind.pattern);
          expect(kind.decode(cursor)).toEqual(position);
        }),
      );
    });

    it(`read a cursor of the first form (${firstForm}) as the same position`, () => {
      fc.assert(
        fc.property(kind.positions, (position) => {
          expect(kind.upgrade(kind.firstFormOf(position))).toBe(kind.encode(position));
        }),
      );
    });

    it('leave what is neither form as it is, for the schema to refuse', () => {
      for (const value of kind.neither) expect(kind.upgrade(value)).toBe(value);
      expect(kind.decode('not-a-cursor')).toBeUndefined();
    });
  });

describeCursors('transcript', transcriptCursors, 'base64url of [ms, recordId, source]');
describeCursors('feed', feedCursors, 'base64url of the position');
