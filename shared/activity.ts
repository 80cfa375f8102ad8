/**
 * Per-platform activity for operators' health view (hub-api.md `/ops/health`): counts per
 * hour and the times of the last delivery and the last accepted record.
 */
/**
 * `unauthorized`: deliveries refused for a bad signature, a stale timestamp or a replayed nonce.
 * They are counted, never stored as failures: an unauthenticated body is not the hub's to keep.
 */
export const activityCounters = ['received', 'accepted', 'duplicate', 'rejected', 'failed', 'unauthorized'] as const;
export type ActivityCounter = (typeof activityCounters)[number];
export type ActivityCounts = Partial<Record<ActivityCounter, number>>;

export interface ActivityMarks {
  readonly lastDeliveryAt?: string;
  readonly lastAcceptedAt?: string;
}

export interface ActivityRecorder {
  note(platform: string, counts: ActivityCounts, marks?: ActivityMarks): void;
  /** Writes what was noted, if the flush interval has passed (or always, when forced). */
  flush(force?: boolean): Promise<void>;
}

/** Hour buckets kept for health: the last 24 hours plus slack. */
export const activityRetentionHours = 48;
export const hourBucketOf = (at: Date): string => at.toISOString().slice(0, 13);
export const lastHourBuckets = (now: Date, hours: number): string[] =>
  Array.from({ length: hours }, (_, i) => hourBucketOf(new Date(now.getTime() - i * 3_600_000)));
