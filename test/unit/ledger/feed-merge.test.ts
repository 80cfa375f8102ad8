import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changesQuerySchema } from '../../../shared/api/portal-schemas.js';
import {
  decodeFeedCursor,
  encodeFeedCursor,
  feedPartitionOf,
  feedPositionOf,
  feedSettleSeconds,
  feedSettleSecondsOf,
  feedShardOf,
  feedStart,
} from '../../../shared/ledger/feed.js';
import {
  feedShardQueryLimitOf,
  mergeFeedPages,
  readFeedPage,
  type FeedPositioned,
  type FeedReader,
  type FeedShardPage,
  type FeedWindow,
} from '../../../shared/ledger/feed-merge.js';

const year = 2024;
const settleSeconds = 5;
const t0 = Date.parse('2024-06-01T00:00:00.000Z');
const personKeyOf = (n: number): string =>
  n
    .toString(16)
    .padStart(32, '0')
    .replace(/^0/, (n % 16).toString(16));

interface Item extends FeedPositioned {
  readonly personKey: string;
  readonly version: number;
}

interface Write {
  readonly personKey: string;
  readonly version: number;
  /** updatedAt, stamped before the write. */
  readonly stampedAt: number;
  /** When the write (and the index) shows it: after the stamp, within the settle window. */
  readonly visibleAt: number;
}

/** The `changes` index as a reader sees it at a moment: each ledger at the position of its newest visible write. */
class ModelIndex implements FeedReader<Item> {
  now = t0;
  /** Cuts each shard answer after this many items, like DynamoDB's 1 MB page; undefined: no cut. */
  sizeCut: number | undefined;
  constructor(private readonly writes: readonly Write[]) {}
  visible(): Map<string, Item> {
    const latest = new Map<string, Item>();
    for (const w of this.writes) {
      if (w.visibleAt > this.now) continue;
      const current = latest.get(w.personKey);
      if (!current || current.version < w.version) {
        latest.set(w.personKey, {
          personKey: w.personKey,
          version: w.version,
          position: feedPositionOf(new Date(w.stampedAt).toISOString(), w.personKey),
        });
      }
    }
    return latest;
  }
  async readShard(partition: string, window: FeedWindow, limit: number): Promise<FeedShardPage<Item>> {
    const inWindow = [...this.visible().values()]
      .filter((item) => feedPartitionOf(year, feedShardOf(item.personKey)) === partition)
      .filter((item) => item.position > window.after && item.position < window.before)
      .sort((a, b) => (a.position < b.position ? -1 : 1));
    const take = Math.min(limit, this.sizeCut ?? limit);
    return { items: inWindow.slice(0, take), truncated: inWindow.length > take };
  }
}

/** A portal client: follows nextCursor, keeps the newest version of each ledger, and checks it never goes back. */
class Follower {
  cursor = encodeFeedCursor(feedStart);
  readonly copy = new Map<string, number>();
  readonly seen: string[] = [];
  async read(index: ModelIndex, limit: number): Promise<number> {
    const page = await readFeedPage(index, {
      year,
      after: decodeFeedCursor(this.cursor)!,
      limit,
      now: new Date(index.now),
      settleSeconds,
    });
    for (const item of page.items) {
      const before = this.copy.get(item.personKey);
      if (before !== undefined && before >= item.version)
        throw new Error(`ledger ${item.personKey}: version ${item.version} after ${before}`);
      this.copy.set(item.personKey, item.version);
      this.seen.push(`${item.personKey}@${item.version}`);
    }
    this.cursor = encodeFeedCursor(page.next);
    return page.items.length;
  }
  async catchUp(index: ModelIndex, limit: number): Promise<void> {
    while ((await this.read(index, limit)) > 0);
  }
}

/** Writes to `people` ledgers at increasing times, each visible within `lagMs` of its stamp (lagMs < the settle window). */
const writesArb = fc
  .array(
    fc.record({
      person: fc.integer({ min: 0, max: 39 }),
      gapMs: fc.integer({ min: 0, max: 700 }),
      lagMs: fc.integer({ min: 0, max: settleSeconds * 1000 - 1 }),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((specs) => {
    let clock = t0;
    const versions = new Map<number, { version: number; lastStamp: number; lastVisible: number }>();
    return specs.map((spec): Write => {
      clock += spec.gapMs;
      const previous = versions.get(spec.person) ?? { version: 0, lastStamp: 0, lastVisible: 0 };
      // A ledger's writes are serial (conditional on the version): stamps and commits both grow.
      const stampedAt = Math.max(clock, previous.lastStamp + 1);
      const visibleAt = Math.max(stampedAt + spec.lagMs, previous.lastVisible);
      const version = previous.version + 1;
      versions.set(spec.person, { version, lastStamp: stampedAt, lastVisible: visibleAt });
      return { personKey: personKeyOf(spec.person * 7919 + 3), version, stampedAt, visibleAt };
    });
  });

const finalVersions = (writes: readonly Write[]): Map<string, number> => {
  const final = new Map<string, number>();
  for (const w of writes) final.set(w.personKey, Math.max(final.get(w.personKey) ?? 0, w.version));
  return final;
};

describe('the change feed merge', () => {
  const item = (position: string): Item => ({ position, personKey: '', version: 1 });

  it('hands out only what every shard has shown up to the smallest frontier of a cut shard', () => {
    const merged = mergeFeedPages(
      [
        { items: [item('a'), item('d'), item('g')], truncated: true },
        { items: [item('b'), item('e')], truncated: false },
        { items: [item('c'), item('f')], truncated: true },
      ],
      10,
    );
    expect(merged.map((i) => i.position)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('takes at most the page size, in position order', () => {
    const merged = mergeFeedPages(
      [
        { items: [item('b'), item('c')], truncated: false },
        { items: [item('a')], truncated: false },
      ],
      2,
    );
    expect(merged.map((i) => i.position)).toEqual(['a', 'b']);
  });

  it('asks each shard for about twice its even share of a page, at least one, at most the page', () => {
    expect(feedShardQueryLimitOf(500)).toBe(63);
    expect(feedShardQueryLimitOf(1)).toBe(1);
    expect(feedShardQueryLimitOf(8)).toBe(1);
    expect(feedShardQueryLimitOf(100)).toBe(13);
  });

  it('answers an idle feed with an empty page and the same cursor', async () => {
    const index = new ModelIndex([]);
    const reader = new Follower();
    const before = reader.cursor;
    expect(await reader.read(index, 100)).toBe(0);
    expect(reader.cursor).toBe(before);
  });

  it('does not hand out a change younger than the settle window', async () => {
    const write: Write = { personKey: personKeyOf(1), version: 1, stampedAt: t0, visibleAt: t0 };
    const index = new ModelIndex([write]);
    const reader = new Follower();
    index.now = t0 + settleSeconds * 1000;
    expect(await reader.read(index, 10)).toBe(0);
    index.now += 1;
    expect(await reader.read(index, 10)).toBe(1);
  });

  it('yields every ledger once in its final state, never an older state after a newer one, while writes go on', async () => {
    await fc.assert(
      fc.asyncProperty(
        writesArb,
        fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        async (writes, readGaps, limit, sizeCut) => {
          const index = new ModelIndex(writes);
          index.sizeCut = sizeCut;
          const reader = new Follower();
          // Reads interleaved with the writes at arbitrary moments...
          for (const gap of readGaps) {
            index.now += gap;
            await reader.read(index, limit);
          }
          // ...then the writer stops, and the reader catches up once the last change has settled.
          index.now = Math.max(index.now, ...writes.map((w) => w.visibleAt)) + settleSeconds * 1000 + 1;
          await reader.catchUp(index, limit);
          expect(reader.copy).toEqual(finalVersions(writes));
          expect(new Set(reader.seen).size).toBe(reader.seen.length);
          const cursor = reader.cursor;
          expect(await reader.read(index, limit)).toBe(0);
          expect(reader.cursor).toBe(cursor);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('feed parameters', () => {
  it('accept the start and positions as cursors and refuse anything else, naming cursor', () => {
    expect(decodeFeedCursor(encodeFeedCursor(feedStart))).toBe(feedStart);
    const position = feedPositionOf('2024-06-01T00:00:00.000Z', personKeyOf(5));
    expect(decodeFeedCursor(encodeFeedCursor(position))).toBe(position);
    expect(decodeFeedCursor('bm90IGEgY3Vyc29y')).toBeUndefined();
    expect(decodeFeedCursor('%%%')).toBeUndefined();
    expect(changesQuerySchema.safeParse({ cursor: 'bm90IGEgY3Vyc29y' }).error?.issues[0]?.path).toEqual(['cursor']);
  });

  it('refuse a limit above 500 or below 1, naming limit', () => {
    expect(changesQuerySchema.safeParse({ limit: '501' }).error?.issues[0]?.path).toEqual(['limit']);
    expect(changesQuerySchema.safeParse({ limit: '0' }).error?.issues[0]?.path).toEqual(['limit']);
    expect(changesQuerySchema.parse({ limit: '500' }).limit).toBe(500);
  });

  it('take the settle window from HUB_FEED_SETTLE_SECONDS, default 5, and refuse a malformed one naming it', () => {
    expect(feedSettleSecondsOf({})).toBe(feedSettleSeconds);
    expect(feedSettleSecondsOf({ HUB_FEED_SETTLE_SECONDS: '0.5' })).toBe(0.5);
    expect(() => feedSettleSecondsOf({ HUB_FEED_SETTLE_SECONDS: 'soon' })).toThrow(/HUB_FEED_SETTLE_SECONDS/);
  });
});
