/**
 * Converted hours in DynamoDB (`adjustments` table, one item per adjustment id): a
 * conditional put decides which post of an id is the first, and a revoke sets `revokedAt`
 * only once. Items hold the person key and the sealed ID number, never the clear one.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { storedAdjustmentSchema, type StoredAdjustment } from '../shared/adjustments/adjustment.js';
import type { AdjustmentStore } from '../shared/adjustments/apply-adjustment.js';
import { dynamo, tableNameOf } from './clients.js';
import { isConditionFailure } from './condition-failure.js';

export class StoredAdjustmentError extends Error {
  override readonly name = 'StoredAdjustmentError';
}

const adjustmentFromItem = (item: Record<string, unknown>): StoredAdjustment => {
  const parsed = storedAdjustmentSchema.safeParse(item);
  if (!parsed.success)
    throw new StoredAdjustmentError(`stored adjustment ${String(item.adjustmentId)} is malformed`, {
      cause: parsed.error,
    });
  return parsed.data;
};

export const createAdjustmentStore = (): AdjustmentStore & {
  get(adjustmentId: string): Promise<StoredAdjustment | undefined>;
} => {
  const table = tableNameOf('adjustments');

  const get = async (adjustmentId: string): Promise<StoredAdjustment | undefined> => {
    const answer = await dynamo().send(
      new GetCommand({ TableName: table, Key: { adjustmentId }, ConsistentRead: true }),
    );
    return answer.Item ? adjustmentFromItem(answer.Item) : undefined;
  };

  const putIfAbsent: AdjustmentStore['putIfAbsent'] = async (adjustment) => {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: table,
          Item: storedAdjustmentSchema.parse(adjustment),
          ConditionExpression: 'attribute_not_exists(adjustmentId)',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    // Adjustments are never deleted, so the item that made the put fail is there to read.
    const existing = await get(adjustment.adjustmentId);
    if (!existing) throw new StoredAdjustmentError(`adjustment ${adjustment.adjustmentId} exists but cannot be read`);
    return { created: false, existing };
  };

  const markRevoked: AdjustmentStore['markRevoked'] = async (adjustmentId, revokedAt, revokedBy) => {
    try {
      const answer = await dynamo().send(
        new UpdateCommand({
          TableName: table,
          Key: { adjustmentId },
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at), revokedBy = if_not_exists(revokedBy, :by)',
          ConditionExpression: 'attribute_exists(adjustmentId)',
          ExpressionAttributeValues: { ':at': revokedAt, ':by': revokedBy },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const adjustment = adjustmentFromItem(answer.Attributes ?? {});
      return { adjustment, first: adjustment.revokedAt === revokedAt && adjustment.revokedBy === revokedBy };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  };

  return { get, putIfAbsent, markRevoked };
};
