/**
 * The records index in DynamoDB: one item per version of a platform record (recordKey,
 * versionKey), appended with BatchWriteItem (idempotent: the same version is the same item)
 * and read back with a strongly consistent Query (see shared/ledger/placement.ts for why).
 */
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { IndexedVersionItem, RecordIndex } from '../shared/ledger/ports.js';
import type { VersionKey } from '../shared/ledger/version-key.js';
import { dynamo, tableNameOf } from './clients.js';

/** DynamoDB's BatchWriteItem limit. */
export const batchWriteItemsMax = 25;
/** Queries in flight at once for one batch. */
export const indexQueriesInFlightMax = 16;
/** A record with more versions than this is abnormal; the query reads this many at most. */
export const versionsPerRecordMax = 1_000;
const unprocessedRetriesMax = 8;

export class RecordIndexError extends Error {
  override readonly name = 'RecordIndexError';
}

const storedVersionSchema = z.object({
  recordKey: z.string(),
  versionKey: z.string(),
  personKey: z.string().optional(),
  year: z.number().int().optional(),
  idCardEnc: z.string().optional(),
  idCardLast4: z.string().optional(),
  withdrawalReason: z.string().optional(),
});

const toItem = (version: IndexedVersionItem): Record<string, unknown> => ({
  recordKey: version.recordKey,
  versionKey: version.versionKey,
  personKey: version.home?.personKey,
  year: version.home?.year,
  idCardEnc: version.owner?.idCardEnc,
  idCardLast4: version.owner?.idCardLast4,
  withdrawalReason: version.withdrawalReason,
});

const fromItem = (raw: Record<string, unknown>): IndexedVersionItem => {
  const item = storedVersionSchema.parse(raw);
  return {
    recordKey: item.recordKey,
    versionKey: item.versionKey as VersionKey,
    ...(item.personKey !== undefined && item.year !== undefined ? { home: { personKey: item.personKey, year: item.year } } : {}),
    ...(item.idCardEnc !== undefined && item.idCardLast4 !== undefined ? { owner: { idCardEnc: item.idCardEnc, idCardLast4: item.idCardLast4 } } : {}),
    ...(item.withdrawalReason !== undefined ? { withdrawalReason: item.withdrawalReason } : {}),
  };
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const createRecordIndex = (): RecordIndex => {
  const table = tableNameOf('records');

  const putVersions = async (versions: readonly IndexedVersionItem[]): Promise<void> => {
    const unique = [...new Map(versions.map((v) => [`${v.recordKey}|${v.versionKey}`, v])).values()];
    for (let i = 0; i < unique.length; i += batchWriteItemsMax) {
      let requests = unique.slice(i, i + batchWriteItemsMax).map((v) => ({ PutRequest: { Item: toItem(v) } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt > unprocessedRetriesMax) throw new RecordIndexError(`BatchWriteItem left ${requests.length} items unprocessed`);
        if (attempt > 0) await sleep(25 * 2 ** attempt);
        const answer = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (answer.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };

  const versionsOfOne = async (recordKey: string): Promise<IndexedVersionItem[]> => {
    const answer = await dynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'recordKey = :r',
        ExpressionAttributeValues: { ':r': recordKey },
        ConsistentRead: true,
        Limit: versionsPerRecordMax,
      }),
    );
    if (answer.LastEvaluatedKey) throw new RecordIndexError(`record ${recordKey} has more than ${versionsPerRecordMax} versions`);
    return (answer.Items ?? []).map(fromItem);
  };

  const versionsOf = async (recordKeys: readonly string[]): Promise<Map<string, IndexedVersionItem[]>> => {
    const found = new Map<string, IndexedVersionItem[]>();
    for (let i = 0; i < recordKeys.length; i += indexQueriesInFlightMax) {
      const slice = recordKeys.slice(i, i + indexQueriesInFlightMax);
      const answers = await Promise.all(slice.map(versionsOfOne));
      slice.forEach((key, j) => found.set(key, answers[j] ?? []));
    }
    return found;
  };

  return { putVersions, versionsOf };
};
