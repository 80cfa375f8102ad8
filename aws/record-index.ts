/**
 * The records index in DynamoDB: one item per version of a platform record (recordKey,
 * versionKey), appended with BatchWriteItem (idempotent: the same version is the same item)
 * and read back strongly consistently (see shared/ledger/placement.ts for why).
 *
 * The read covers a whole batch's records in few calls: a PartiQL `SELECT ... WHERE recordKey
 * IN [...]` with ConsistentRead, up to `recordKeysPerSelectMax` records a statement (DynamoDB
 * runs it as one strongly consistent query per key, so the guarantee is the Query's), instead
 * of one Query call per record. Measured on DynamoDB Local (scripts/bench, docs/capacity.md):
 * a consistent Query costs more server time than a small PutItem, the IN select about a
 * twentieth of that per record. In the cloud it needs dynamodb:PartiQLSelect on the table.
 */
import { allInFlight, chunksOf } from '../shared/in-flight.js';
import { ExecuteStatementCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { IndexedVersionItem, RecordIndex } from '../shared/ledger/ports.js';
import type { VersionKey } from '../shared/ledger/version-key.js';
import { putAll } from './batch-write.js';
import { dynamo, tableNameOf } from './clients.js';

/** Index reads (SELECT statements) in flight at once for one batch. */
export const indexQueriesInFlightMax = 16;
/** DynamoDB's limit on partition key values in one PartiQL IN (DynamoDB Local allows 100). */
export const recordKeysPerSelectMax = 50;
/** A record with more versions than this is abnormal; the query reads this many at most. */
export const versionsPerRecordMax = 1_000;

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
  receivedAt: z.string().optional(),
});

const toItem = (version: IndexedVersionItem): Record<string, unknown> => ({
  recordKey: version.recordKey,
  versionKey: version.versionKey,
  personKey: version.home?.personKey,
  year: version.home?.year,
  idCardEnc: version.owner?.idCardEnc,
  idCardLast4: version.owner?.idCardLast4,
  withdrawalReason: version.withdrawalReason,
  receivedAt: version.receivedAt,
});

const fromItem = (raw: Record<string, unknown>): IndexedVersionItem => {
  const item = storedVersionSchema.parse(raw);
  return {
    recordKey: item.recordKey,
    versionKey: item.versionKey as VersionKey,
    ...(item.personKey !== undefined && item.year !== undefined
      ? { home: { personKey: item.personKey, year: item.year } }
      : {}),
    ...(item.idCardEnc !== undefined && item.idCardLast4 !== undefined
      ? { owner: { idCardEnc: item.idCardEnc, idCardLast4: item.idCardLast4 } }
      : {}),
    ...(item.withdrawalReason !== undefined ? { withdrawalReason: item.withdrawalReason } : {}),
    ...(item.receivedAt !== undefined ? { receivedAt: item.receivedAt } : {}),
  };
};

export const createRecordIndex = (): RecordIndex => {
  const table = tableNameOf('records');

  const putVersions = async (versions: readonly IndexedVersionItem[]): Promise<void> => {
    const unique = [...new Map(versions.map((v) => [`${v.recordKey}|${v.versionKey}`, v])).values()];
    await putAll(
      table,
      unique.map(toItem),
      (left) => new RecordIndexError(`BatchWriteItem left ${left} items unprocessed`),
    );
  };

  // Quoted: physical table names hold '-'. The statement is the same text for every full chunk.
  const selectOf = (count: number): string =>
    `SELECT * FROM "${table}" WHERE "recordKey" IN [${Array.from({ length: count }, () => '?').join(', ')}]`;

  /** Every version of each record, strongly consistent; pages (NextToken) are followed to the end. */
  const versionsOfChunk = async (recordKeys: readonly string[]): Promise<IndexedVersionItem[]> => {
    const items: IndexedVersionItem[] = [];
    const counts = new Map<string, number>();
    let nextToken: string | undefined;
    do {
      const answer = await dynamo().send(
        new ExecuteStatementCommand({
          Statement: selectOf(recordKeys.length),
          Parameters: [...recordKeys],
          ConsistentRead: true,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const raw of answer.Items ?? []) {
        const item = fromItem(raw);
        const count = (counts.get(item.recordKey) ?? 0) + 1;
        if (count > versionsPerRecordMax)
          throw new RecordIndexError(`record ${item.recordKey} has more than ${versionsPerRecordMax} versions`);
        counts.set(item.recordKey, count);
        items.push(item);
      }
      nextToken = answer.NextToken;
    } while (nextToken);
    return items;
  };

  const versionsOf = async (recordKeys: readonly string[]): Promise<Map<string, IndexedVersionItem[]>> => {
    const unique = [...new Set(recordKeys)];
    const found = new Map<string, IndexedVersionItem[]>(unique.map((key) => [key, []]));
    const answers = await allInFlight(
      chunksOf(unique, recordKeysPerSelectMax),
      indexQueriesInFlightMax,
      versionsOfChunk,
    );
    for (const item of answers.flat()) found.get(item.recordKey)?.push(item);
    return found;
  };

  return { putVersions, versionsOf };
};
