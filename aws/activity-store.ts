/**
 * Activity counters in the operations table. Counts are summed in memory and written at most
 * every HUB_ACTIVITY_FLUSH_SECONDS (default 10) per process (one UpdateItem per platform and hour), so
 * a busy webhook does not pay a counter write per request. Counts noted in a process that
 * ends before its next flush are lost: these figures are for the health view; the exact
 * numbers are in the CloudWatch metrics.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  activityRetentionHours,
  hourBucketOf,
  type ActivityCounts,
  type ActivityMarks,
  type ActivityRecorder,
} from '../shared/activity.js';
import { dynamo, tableNameOf } from './clients.js';
import { isConditionFailure } from './condition-failure.js';

export const activityKey = (platform: string, bucket: string) => ({ pk: `activity#${platform}`, sk: bucket });
export const platformStateKey = (platform: string) => ({ pk: `platform#${platform}`, sk: 'state' });

interface Pending {
  counts: Map<string, Map<string, number>>;
  marks: Map<string, { lastDeliveryAt?: string; lastAcceptedAt?: string }>;
}

const later = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b;

/** `flushSeconds`: the HUB_ACTIVITY_FLUSH_SECONDS setting, parsed by the caller (functions/lib/settings.ts). */
export const createActivityStore = (flushSeconds: number, clock: () => Date = () => new Date()): ActivityRecorder => {
  const flushMs = flushSeconds * 1000;
  let pending: Pending = { counts: new Map(), marks: new Map() };
  let lastFlush = clock().getTime();

  const writeCounts = async (key: string, counts: Map<string, number>, table: string): Promise<void> => {
    const [platform, bucket] = key.split('|') as [string, string];
    const names = [...counts.keys()];
    await dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: activityKey(platform, bucket),
        UpdateExpression: `ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')} SET expiresAt = :expires`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#c${i}`, name])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((name, i) => [`:c${i}`, counts.get(name) ?? 0])),
          ':expires': Math.floor(clock().getTime() / 1000) + activityRetentionHours * 3600,
        },
      }),
    );
  };

  const writeMarks = async (platform: string, marks: ActivityMarks, table: string): Promise<void> => {
    const sets = Object.entries(marks).filter((entry): entry is [string, string] => entry[1] !== undefined);
    // Keep the later time when two processes flush out of order.
    await Promise.all(
      sets.map(([name, value]) =>
        dynamo()
          .send(
            new UpdateCommand({
              TableName: table,
              Key: platformStateKey(platform),
              UpdateExpression: 'SET #mark = :v',
              ConditionExpression: 'attribute_not_exists(#mark) OR #mark < :v',
              ExpressionAttributeNames: { '#mark': name },
              ExpressionAttributeValues: { ':v': value },
            }),
          )
          .catch((error: unknown) => {
            if (!isConditionFailure(error)) throw error;
          }),
      ),
    );
  };

  return {
    note: (platform, counts: ActivityCounts, marks?: ActivityMarks) => {
      const key = `${platform}|${hourBucketOf(clock())}`;
      const bucket = pending.counts.get(key) ?? new Map<string, number>();
      for (const [name, value] of Object.entries(counts)) if (value) bucket.set(name, (bucket.get(name) ?? 0) + value);
      if (bucket.size > 0) pending.counts.set(key, bucket);
      if (marks) {
        const current = pending.marks.get(platform) ?? {};
        pending.marks.set(platform, {
          lastDeliveryAt: later(current.lastDeliveryAt, marks.lastDeliveryAt),
          lastAcceptedAt: later(current.lastAcceptedAt, marks.lastAcceptedAt),
        });
      }
    },
    flush: async (force = false) => {
      if (!force && clock().getTime() - lastFlush < flushMs) return;
      const table = tableNameOf('operations');
      const taken = pending;
      pending = { counts: new Map(), marks: new Map() };
      lastFlush = clock().getTime();
      await Promise.all([
        ...[...taken.counts].map(([key, counts]) => writeCounts(key, counts, table)),
        ...[...taken.marks].map(([platform, marks]) => writeMarks(platform, marks, table)),
      ]);
    },
  };
};
