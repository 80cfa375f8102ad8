/**
 * The change feed's keys (hub-api.md `GET /v1/ledgers/{year}/changes`).
 *
 * Every ledger item carries feedPartition = `${year}#${shard}` and feedPosition =
 * `${updatedAt}#${personKey}`; the `changes` index orders each shard by position. The shard
 * is the person key's first hex digit, and person keys are uniform keyed hashes, so a year's
 * writes spread evenly over `feedShardCount` index partitions: at the December peak of
 * ~1,000 ledger writes a second, about 63 a second each, far below a partition's 1,000
 * write units a second. A reader merges the shards by position.
 *
 * A position is only handed out once it is older than `feedSettleSeconds`: a writer stamps
 * updatedAt just before its conditional write and gives up an attempt after
 * `ledgerWriteAttemptMs`, and the index is updated within a second, so every change with an
 * earlier position is visible by then and a reader that has passed a position never misses
 * a change before it. A ledger changed again moves to its new position, so following the
 * feed yields every ledger's latest state, each change once, oldest first.
 */
import { ConfigurationError } from '../config.js';

export const feedShardCount = 16;
export const feedSettleSeconds = 5;
export const ledgerWriteAttemptMs = 2_000;

/**
 * Overrides the settle window (seconds, decimals allowed). Tests shorten it to read their
 * own writes sooner; a window shorter than `ledgerWriteAttemptMs` plus the index's lag
 * voids the never-skip guarantee above, so the cloud keeps the default.
 */
export const feedSettleSecondsVariable = 'HUB_FEED_SETTLE_SECONDS';
export const feedSettleSecondsMax = 600;

export const feedSettleSecondsOf = (env: Readonly<Record<string, string | undefined>>): number => {
  const raw = env[feedSettleSecondsVariable];
  if (raw === undefined || raw.trim() === '') return feedSettleSeconds;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > feedSettleSecondsMax) {
    throw new ConfigurationError(
      `${feedSettleSecondsVariable}: must be a number of seconds from 0 to ${feedSettleSecondsMax}, not ${JSON.stringify(raw)}`,
    );
  }
  return value;
};

export const feedShardOf = (personKey: string): number => Number.parseInt(personKey.slice(0, 1), 16) % feedShardCount;
export const feedPartitionOf = (year: number, shard: number): string => `${year}#${shard.toString(16)}`;
export const feedPartitionsOf = (year: number): string[] =>
  Array.from({ length: feedShardCount }, (_, shard) => feedPartitionOf(year, shard));
export const feedPositionOf = (updatedAt: string, personKey: string): string => `${updatedAt}#${personKey}`;

/** The position before every other: the feed read from the beginning. */
export const feedStart = '0000';

/**
 * The cursor is the last position handed out (or feedStart), opaque to the portal, written so
 * that feedCursorPattern says exactly which cursors the feed takes (the OpenAPI document shows
 * it): any text of that form is a position to read on from. `#` would need escaping in a URL,
 * so the cursor has `_` there.
 */
export const feedCursorPattern =
  /^(?:0000|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z_[0-9a-f]{32})$/;
const positionPattern = /^(?:0000|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z#[0-9a-f]{32})$/;

export const encodeFeedCursor = (position: string): string => position.replace('#', '_');

/** The position a cursor names, or undefined when it is not of feedCursorPattern's form. */
export const decodeFeedCursor = (cursor: string): string | undefined =>
  feedCursorPattern.test(cursor) ? cursor.replace('_', '#') : undefined;

/**
 * A cursor of the first form (base64url of the position), as a reader may still hold one,
 * in today's form; anything else as it is (the schema then judges it).
 */
export const upgradeFeedCursor = (value: unknown): unknown => {
  if (typeof value !== 'string' || feedCursorPattern.test(value) || !/^[A-Za-z0-9_-]+$/.test(value)) return value;
  const position = Buffer.from(value, 'base64url').toString('utf8');
  return positionPattern.test(position) ? encodeFeedCursor(position) : value;
};
