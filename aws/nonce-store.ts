/**
 * jxnu nonces in the operations table: `{ pk: 'nonce#jxnu', sk: nonce, expiresAt }`, claimed
 * with a conditional PutItem so two Lambda instances cannot both take one. DynamoDB's TTL
 * deletes lazily (up to days later), so an item past its `expiresAt` counts as gone: the
 * condition lets it be claimed again.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NonceClaim, NonceStore } from '../shared/intake/jxnu-delivery.js';
import { dynamo, tableNameOf } from './clients.js';
import { isConditionFailure } from './condition-failure.js';

export const nonceKeyOf = (platform: string, nonce: string) => ({ pk: `nonce#${platform}`, sk: nonce });

export const createNonceStore = (platform: string, windowSeconds: number): NonceStore => ({
  claim: async (nonce: string, now: Date): Promise<NonceClaim> => {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableNameOf('operations'),
          Item: { ...nonceKeyOf(platform, nonce), expiresAt: nowSeconds + windowSeconds, claimedAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return 'first-use';
    } catch (error) {
      if (isConditionFailure(error)) return 'replay';
      throw error;
    }
  },
});
