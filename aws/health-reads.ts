/**
 * The health view's reads of the operations table: one Query per platform for the hour
 * buckets of its activity counters (`activity#<platform>`, aws/activity-store.ts) in the
 * window, and one BatchGet for every platform's marks (`platform#<platform>` / `state`) and
 * the wangti poller's state.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ActivityBucket, PlatformMarks, PollerHealth } from '../shared/ops/health.js';
import { unknownPollerHealth } from '../shared/ops/health.js';
import { activityKey, platformStateKey } from './activity-store.js';
import { getAll } from './batch-get.js';
import { dynamo, tableNameOf } from './clients.js';
import { parseStoredItem } from './stored-item.js';

/** Where the wangti poller keeps its state (its cursor, last success and error, lag). */
export const wangtiPollerStateKey = { pk: 'poller#wangti', sk: 'state' } as const;
/** Hour buckets one Query may return: the window plus the slack the activity TTL keeps. */
const bucketsPerQueryMax = 64;

export class HealthReadError extends Error {
  override readonly name = 'HealthReadError';
}

/** An attribute the item may lack; the health view shows a missing one as null (not known yet). */
const absentAsNull = <T extends z.ZodType>(schema: T) => schema.optional().transform((value) => value ?? null);

const marksSchema = z.object({ lastDeliveryAt: absentAsNull(z.string()), lastAcceptedAt: absentAsNull(z.string()) });

/** The poller item as health reads it; fields it does not know are ignored. */
const pollerSchema = z.object({
  cursor: absentAsNull(z.string()),
  lastSuccessAt: absentAsNull(z.string()),
  lastAttemptAt: absentAsNull(z.string()),
  lastErrorAt: absentAsNull(z.string()),
  lastError: absentAsNull(z.string()),
  lagSeconds: absentAsNull(z.number()),
});

export const pollerHealthOf = (item: Record<string, unknown> | undefined): PollerHealth => {
  if (!item) return unknownPollerHealth;
  return parseStoredItem(
    pollerSchema,
    item,
    (issues) => new HealthReadError(`the wangti poller state item is malformed: ${issues}`),
  );
};

export interface HealthReads {
  /** The platform's hour buckets from `fromHour` to `toHour` inclusive. */
  activityBuckets(platform: string, fromHour: string, toHour: string): Promise<ActivityBucket[]>;
  /** Every platform's marks (nulls where none were recorded) and the poller's state. */
  states(platforms: readonly string[]): Promise<{ marks: Map<string, PlatformMarks>; poller: PollerHealth }>;
}

export const createHealthReads = (): HealthReads => {
  const table = tableNameOf('operations');

  const activityBuckets = async (platform: string, fromHour: string, toHour: string): Promise<ActivityBucket[]> => {
    const answer = await dynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': activityKey(platform, '').pk, ':from': fromHour, ':to': toHour },
        Limit: bucketsPerQueryMax,
      }),
    );
    return (answer.Items ?? []).map(({ pk: _pk, sk, expiresAt: _expires, ...counts }) => ({
      hour: String(sk),
      counts,
    }));
  };

  const states = async (platforms: readonly string[]) => {
    const wanted = [...platforms.map(platformStateKey), wangtiPollerStateKey];
    const found = await getAll(
      table,
      wanted.map((key) => ({ ...key })),
      { tooMany: (left) => new HealthReadError(`${left} operations items could not be read`) },
    );
    const itemOf = (key: { pk: string; sk: string }) => found.find((item) => item.pk === key.pk && item.sk === key.sk);
    const marks = new Map<string, PlatformMarks>();
    for (const platform of platforms) {
      const parsed = marksSchema.safeParse(itemOf(platformStateKey(platform)) ?? {});
      if (!parsed.success) throw new HealthReadError(`the ${platform} state item is malformed`);
      marks.set(platform, parsed.data);
    }
    return { marks, poller: pollerHealthOf(itemOf(wangtiPollerStateKey)) };
  };

  return { activityBuckets, states };
};
