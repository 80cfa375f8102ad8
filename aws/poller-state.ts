/**
 * The wangti poller's state and lease in the operations table, one item:
 *
 * `{ pk: 'poller#wangti', sk: 'state', cursor?, lastAttemptAt, lastSuccessAt?, lastErrorAt?,
 *    lastError?, lagSeconds?, pagesRead, recordsTaken, cursorSavedAt?, leaseOwner?, leaseUntil? }`
 *
 * (aws/health-reads.ts reads it for `GET /ops/health`.) The lease is taken with a conditional
 * UpdateItem (free, expired, or already ours), so two runs never overlap; every cursor write
 * is conditioned on still holding it; the end of a run releases it. Times are ISO strings,
 * `leaseUntil` epoch milliseconds; absent fields are not known yet (never null).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PageProgress, PollerStart, PollerStatePort, RunEnd } from '../shared/platforms/wangti/poll-loop.js';
import { dynamo, tableNameOf } from './clients.js';
import { isConditionFailure } from './condition-failure.js';
import { wangtiPollerStateKey } from './health-reads.js';

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

export const createPollerStateStore = (key: { pk: string; sk: string } = wangtiPollerStateKey): PollerStatePort => {
  const table = () => tableNameOf('operations');
  return {
    acquire: async (owner, now, leaseSeconds): Promise<PollerStart | 'busy'> => {
      try {
        const answer = await dynamo().send(
          new UpdateCommand({
            TableName: table(),
            Key: key,
            UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until, lastAttemptAt = :at',
            ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner',
            ExpressionAttributeValues: {
              ':owner': owner,
              ':until': now.getTime() + leaseSeconds * 1000,
              ':now': now.getTime(),
              ':at': now.toISOString(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        const cursor = answer.Attributes?.cursor;
        return { cursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined };
      } catch (error) {
        if (isConditionFailure(error)) return 'busy';
        throw error;
      }
    },
    saveCursor: async (owner, progress: PageProgress) => {
      try {
        await dynamo().send(
          new UpdateCommand({
            TableName: table(),
            Key: key,
            UpdateExpression: 'SET #cursor = :cursor, cursorSavedAt = :at',
            ConditionExpression: 'leaseOwner = :owner',
            ExpressionAttributeNames: { '#cursor': 'cursor' },
            ExpressionAttributeValues: {
              ':cursor': progress.cursor,
              ':at': progress.at.toISOString(),
              ':owner': owner,
            },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error))
          throw new LeaseLostError(`poller run ${owner} no longer holds the lease; the cursor was not stored`, {
            cause: error,
          });
        throw error;
      }
    },
    finish: async (owner, end: RunEnd) => {
      const values: Record<string, unknown> = {
        ':owner': owner,
        ':at': end.at.toISOString(),
        ':pages': end.pagesRead,
        ':records': end.recordsTaken,
      };
      const sets = ['pagesRead = :pages', 'recordsTaken = :records'];
      if (end.ok) {
        sets.push('lastSuccessAt = :at');
        if (end.lagSeconds !== undefined) {
          sets.push('lagSeconds = :lag');
          values[':lag'] = end.lagSeconds;
        }
      } else {
        sets.push('lastErrorAt = :at', 'lastError = :error');
        values[':error'] = end.error;
      }
      try {
        await dynamo().send(
          new UpdateCommand({
            TableName: table(),
            Key: key,
            UpdateExpression: `SET ${sets.join(', ')} REMOVE leaseOwner, leaseUntil`,
            ConditionExpression: 'leaseOwner = :owner',
            ExpressionAttributeValues: values,
          }),
        );
      } catch (error) {
        if (isConditionFailure(error))
          throw new LeaseLostError(`poller run ${owner} no longer holds the lease; its end was not recorded`, {
            cause: error,
          });
        throw error;
      }
    },
  };
};
