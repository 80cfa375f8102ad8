/**
 * Gets items by key with BatchGetItem, 100 keys a call, retrying what DynamoDB leaves
 * unprocessed by the one policy (retry-policy.ts); past it the caller's own error is thrown.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { chunksOf } from '../shared/in-flight.js';
import { dynamo } from './clients.js';
import { retryLeftovers, retryPolicies } from './retry-policy.js';

/** DynamoDB's BatchGetItem limit. */
export const batchGetKeysMax = 100;

export interface BatchGetOptions {
  readonly consistentRead?: boolean;
  readonly tooMany: (left: number) => Error;
}

export const getAll = async (
  table: string,
  keys: readonly Record<string, unknown>[],
  options: BatchGetOptions,
): Promise<Array<Record<string, unknown>>> => {
  const found: Array<Record<string, unknown>> = [];
  for (const chunk of chunksOf(keys, batchGetKeysMax)) {
    await retryLeftovers(
      chunk,
      retryPolicies.unprocessedItems,
      async (left) => {
        const answer = await dynamo().send(
          new BatchGetCommand({
            RequestItems: { [table]: { Keys: [...left], ...(options.consistentRead ? { ConsistentRead: true } : {}) } },
          }),
        );
        found.push(...(answer.Responses?.[table] ?? []));
        return (answer.UnprocessedKeys?.[table]?.Keys ?? []) as Array<Record<string, unknown>>;
      },
      options.tooMany,
    );
  }
  return found;
};
