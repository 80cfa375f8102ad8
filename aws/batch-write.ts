/**
 * Puts items with BatchWriteItem, 25 a call and a few calls at once, retrying what DynamoDB
 * leaves unprocessed by the one policy (retry-policy.ts); past it the caller's own error is
 * thrown (once every call has settled).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { allInFlight, chunksOf } from '../shared/in-flight.js';
import { dynamo } from './clients.js';
import { retryLeftovers, retryPolicies } from './retry-policy.js';

/** DynamoDB's BatchWriteItem limit. */
export const batchWriteItemsMax = 25;
/** BatchWriteItem calls of one putAll sent at once. */
export const batchWritesInFlightMax = 4;

type PutRequest = { PutRequest: { Item: Record<string, unknown> } };

export const putAll = async (
  table: string,
  items: readonly Record<string, unknown>[],
  tooMany: (left: number) => Error,
): Promise<void> => {
  await allInFlight(chunksOf(items, batchWriteItemsMax), batchWritesInFlightMax, (chunk) =>
    retryLeftovers<PutRequest>(
      chunk.map((Item) => ({ PutRequest: { Item } })),
      retryPolicies.unprocessedItems,
      async (requests) => {
        const answer = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: [...requests] } }));
        return (answer.UnprocessedItems?.[table] ?? []) as PutRequest[];
      },
      tooMany,
    ),
  );
};
