/**
 * Puts items with BatchWriteItem, 25 a call and a few calls at once, retrying what DynamoDB
 * leaves unprocessed with exponential backoff; past the retry limit the caller's own error is
 * thrown (once every call has settled).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { allInFlight, chunksOf } from '../shared/in-flight.js';
import { dynamo } from './clients.js';

/** DynamoDB's BatchWriteItem limit. */
export const batchWriteItemsMax = 25;
export const unprocessedRetriesMax = 8;
/** BatchWriteItem calls of one putAll sent at once. */
export const batchWritesInFlightMax = 4;
const backoffMsBase = 25;

export const putAll = async (table: string, items: readonly Record<string, unknown>[], tooMany: (left: number) => Error): Promise<void> => {
  await allInFlight(chunksOf(items, batchWriteItemsMax), batchWritesInFlightMax, async (chunk) => {
    let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > unprocessedRetriesMax) throw tooMany(requests.length);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoffMsBase * 2 ** attempt));
      const answer = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (answer.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
};
