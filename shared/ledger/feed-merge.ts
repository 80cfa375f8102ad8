/**
 * Reading one page of the change feed (feed.ts has the key design): query every shard of
 * the year for positions strictly between the cursor and the settle bound, merge the
 * shards by position, hand out a prefix of the merge, and return the last position handed
 * out as the next cursor (the same cursor when nothing was there: an idle feed answers an
 * empty page with the same cursor).
 *
 * Why the prefix is exact: each shard answers its positions in order, so everything a
 * shard did not return lies after the last position it did return (its frontier). A shard
 * that returned all it had in the window has no frontier. Everything up to the smallest
 * frontier is therefore known from every shard, and only that is handed out; the shard
 * with the smallest frontier returned at least one item, so a page is never empty while
 * changes wait. This also holds when DynamoDB cuts a query short at 1 MB.
 *
 * Cost: a page asks each shard for `feedShardQueryLimitOf(limit)` items (about twice an even
 * share of the page), not `limit`, so a 500-change page reads about 1,000 index items rather
 * than 8,000; an uneven spread only makes a page shorter, never wrong.
 */
import { feedPartitionsOf, feedShardCount } from './feed.js';

export const feedPageSizeMax = 500;
export const feedPageSizeDefault = 100;
/** How many times an even share of the page each shard is asked for. */
export const feedShardOverfetch = 2;

export interface FeedPositioned {
  /** `${updatedAt}#${personKey}` (feed.ts). */
  readonly position: string;
}

export interface FeedShardPage<T extends FeedPositioned> {
  /** The shard's items in the window, ascending by position. */
  readonly items: readonly T[];
  /** True when the shard has more items in the window after the last one returned. */
  readonly truncated: boolean;
}

export interface FeedWindow {
  /** Exclusive: the cursor's position. */
  readonly after: string;
  /** Exclusive: the settle bound, an updatedAt (UTC ISO); every position stamped before it. */
  readonly before: string;
}

/** What the feed needs from storage: one shard's positions in a window, ascending. */
export interface FeedReader<T extends FeedPositioned> {
  readShard(partition: string, window: FeedWindow, limit: number): Promise<FeedShardPage<T>>;
}

export const feedShardQueryLimitOf = (limit: number): number =>
  Math.max(1, Math.min(limit, Math.ceil((limit * feedShardOverfetch) / feedShardCount)));

/** The settle bound: positions stamped before `now - settleSeconds`. */
export const feedSettleBoundOf = (now: Date, settleSeconds: number): string =>
  new Date(now.getTime() - Math.round(settleSeconds * 1000)).toISOString();

/** The exact prefix of the shards' merge that can be handed out, at most `limit` long. */
export const mergeFeedPages = <T extends FeedPositioned>(pages: readonly FeedShardPage<T>[], limit: number): T[] => {
  let frontier: string | undefined;
  for (const page of pages) {
    const last = page.items.at(-1)?.position;
    if (page.truncated && last !== undefined && (frontier === undefined || last < frontier)) frontier = last;
  }
  const merged = pages
    .flatMap((page) => page.items)
    .filter((item) => frontier === undefined || item.position <= frontier)
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  return merged.slice(0, limit);
};

export interface FeedPage<T extends FeedPositioned> {
  readonly items: readonly T[];
  /** The position to continue after: the last item's, or the cursor's own when the page is empty. */
  readonly next: string;
}

export interface FeedPageRequest {
  readonly year: number;
  /** The decoded cursor (feedStart for the beginning). */
  readonly after: string;
  readonly limit: number;
  readonly now: Date;
  readonly settleSeconds: number;
}

export const readFeedPage = async <T extends FeedPositioned>(
  reader: FeedReader<T>,
  request: FeedPageRequest,
): Promise<FeedPage<T>> => {
  const window: FeedWindow = { after: request.after, before: feedSettleBoundOf(request.now, request.settleSeconds) };
  if (window.after >= window.before) return { items: [], next: request.after };
  const shardLimit = feedShardQueryLimitOf(request.limit);
  const pages = await Promise.all(
    feedPartitionsOf(request.year).map((partition) => reader.readShard(partition, window, shardLimit)),
  );
  const items = mergeFeedPages(pages, request.limit);
  return { items, next: items.at(-1)?.position ?? request.after };
};
