/**
 * The change feed's reads of the ledgers table's `changes` index (shared/ledger/feed.ts for
 * the key design, shared/ledger/feed-merge.ts for the merge): one Query per shard, for the
 * positions strictly between the cursor and the settle bound, ascending. Index reads are
 * eventually consistent; the settle window is what makes that safe.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { FeedLedger } from '../shared/api/changes.js';
import type { FeedReader, FeedShardPage, FeedWindow } from '../shared/ledger/feed-merge.js';
import { ledgerSummarySchema } from '../shared/ledger/summary.js';
import { dynamo, tableNameOf } from './clients.js';

/** As declared in infra/topology.ts. */
export const changesIndexName = 'changes';

/**
 * Positions are fixed width (`${24-character ISO}#${32 hex}`) and their characters all sort
 * after '!', so `${after}!` is below every position greater than `after` and above `after`
 * itself: BETWEEN it and the settle bound (which every position stamped earlier sorts below,
 * and every position stamped at or after it sorts above) is the open window.
 */
export const windowLowerBoundOf = (after: string): string => `${after}!`;

const feedItemSchema = z.object({
  feedPosition: z.string(),
  personKey: z.string().regex(/^[0-9a-f]{32}$/),
  year: z.number().int(),
  idCardEnc: z.string().min(1),
  summary: ledgerSummarySchema,
  version: z.number().int().min(0),
  updatedAt: z.string(),
});

export class FeedItemError extends Error {
  override readonly name = 'FeedItemError';
}

const feedLedgerOf = (item: Record<string, unknown>): FeedLedger => {
  const parsed = feedItemSchema.safeParse(item);
  if (!parsed.success)
    throw new FeedItemError(`changes index item ${String(item.feedPosition)} is malformed`, { cause: parsed.error });
  const { feedPosition, ...ledger } = parsed.data;
  return { position: feedPosition, ...ledger };
};

export const createLedgerFeed = (): FeedReader<FeedLedger> => {
  const table = tableNameOf('ledgers');
  const readShard = async (
    partition: string,
    window: FeedWindow,
    limit: number,
  ): Promise<FeedShardPage<FeedLedger>> => {
    const lower = windowLowerBoundOf(window.after);
    if (lower > window.before) return { items: [], truncated: false };
    const answer = await dynamo().send(
      new QueryCommand({
        TableName: table,
        IndexName: changesIndexName,
        KeyConditionExpression: 'feedPartition = :partition AND feedPosition BETWEEN :lower AND :before',
        ExpressionAttributeValues: { ':partition': partition, ':lower': lower, ':before': window.before },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return { items: (answer.Items ?? []).map(feedLedgerOf), truncated: answer.LastEvaluatedKey !== undefined };
  };
  return { readShard };
};
