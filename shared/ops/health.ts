/**
 * The operators' health view (`GET /ops/health`), from what the handlers record: per platform
 * the hour buckets of activity counts and the last-delivery / last-accepted marks
 * (shared/activity.ts), the wangti poller's state, and the dead-letter queues. Pure: the
 * reads are in aws/health-reads.ts and aws/dead-letters.ts.
 */
import type * as z from 'zod';
import { activityCounters, hourBucketOf, lastHourBuckets, type ActivityCounter } from '../activity.js';
import { platformCodes } from '../platforms/platform.js';
import type {
  activityTotalsSchema,
  deadLetterHealthSchema,
  healthSchema,
  hourCountsSchema,
  moveTaskHealthSchema,
  platformHealthSchema,
  pollerHealthSchema,
} from './health-schema.js';

/** The counts cover the current hour and the 23 before it. */
export const healthWindowHours = 24;
/** A poller without a successful run for this long needs an operator (the stack's alarm uses the same). */
export const pollerSilentMinutesMax = 30;
/** Platforms always shown; `portal` and `unknown` are shown when they have activity in the window. */
export const healthPlatformsAlways = platformCodes;
export const healthPlatformsWhenActive = ['portal', 'unknown'] as const;

// The answer's types are its schemas' (shared/ops/health-schema.ts), so the two are one.
export type ActivityTotals = z.output<typeof activityTotalsSchema>;
export type PollerHealth = Readonly<z.output<typeof pollerHealthSchema>>;
export type MoveTaskHealth = Readonly<z.output<typeof moveTaskHealthSchema>>;
export type DeadLetterHealth = Readonly<z.output<typeof deadLetterHealthSchema>>;
/** One hour of the window (`YYYY-MM-DDTHH`, UTC) and its counts. */
export type HourCounts = Readonly<z.output<typeof hourCountsSchema>>;
export type PlatformHealth = Readonly<z.output<typeof platformHealthSchema>>;
export type HealthView = Readonly<z.output<typeof healthSchema>>;
export type PlatformMarks = Pick<PlatformHealth, 'lastDeliveryAt' | 'lastAcceptedAt'>;

/** One `activity#<platform>` item: the hour (`YYYY-MM-DDTHH`, UTC) and its counters. */
export interface ActivityBucket {
  readonly hour: string;
  readonly counts: Partial<Record<string, unknown>>;
}

export const unknownPollerHealth: PollerHealth = {
  cursor: null,
  lastSuccessAt: null,
  lastAttemptAt: null,
  lastErrorAt: null,
  lastError: null,
  lagSeconds: null,
};

export interface PlatformHealthInput {
  readonly platform: string;
  readonly buckets: readonly ActivityBucket[];
  readonly marks: PlatformMarks;
}

/** The counters the console's chart shows per hour (hub-api.md `GET /ops/console`). */
export const hourlyCounters = [
  'accepted',
  'duplicate',
  'rejected',
  'failed',
] as const satisfies readonly ActivityCounter[];
export type HourlyCounter = (typeof hourlyCounters)[number];

/** A platform's or the whole hub's state: `attention` when something needs an operator. */
export const healthStatuses = ['ok', 'attention'] as const;
export type HealthStatus = (typeof healthStatuses)[number];

export interface HealthInput {
  readonly now: Date;
  readonly platforms: readonly PlatformHealthInput[];
  readonly poller: PollerHealth;
  readonly deadLetters: readonly DeadLetterHealth[];
}

/** The first hour bucket inside the window ending at `now`. */
export const windowStartHour = (now: Date): string =>
  hourBucketOf(new Date(now.getTime() - (healthWindowHours - 1) * 3_600_000));

const zeroTotals = (): ActivityTotals =>
  Object.fromEntries(activityCounters.map((name) => [name, 0])) as ActivityTotals;

/** A counter's value as stored, or 0 when it is not a positive finite number. */
const countOf = (counts: ActivityBucket['counts'], name: ActivityCounter): number => {
  const value = counts[name];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
};

/** Sums the buckets inside the window; counters that are not numbers (or not known) are left out. */
export const totalsOf = (buckets: readonly ActivityBucket[], now: Date): ActivityTotals => {
  const from = windowStartHour(now);
  const to = hourBucketOf(now);
  const totals = zeroTotals();
  for (const bucket of buckets) {
    if (bucket.hour < from || bucket.hour > to) continue;
    for (const name of activityCounters) totals[name] += countOf(bucket.counts, name);
  }
  return totals;
};

/** The window's hours oldest first, each with the chart's counters (a bucket stored twice for an hour adds up). */
export const hourlyOf = (buckets: readonly ActivityBucket[], now: Date): HourCounts[] =>
  lastHourBuckets(now, healthWindowHours)
    .reverse()
    .map((hour) => {
      const inHour = buckets.filter((bucket) => bucket.hour === hour);
      const counts = Object.fromEntries(
        hourlyCounters.map((name) => [name, inHour.reduce((sum, bucket) => sum + countOf(bucket.counts, name), 0)]),
      );
      return { hour, ...(counts as Record<HourlyCounter, number>) };
    });

const minutesSince = (iso: string | null, now: Date): number | null =>
  iso === null ? null : Math.floor((now.getTime() - Date.parse(iso)) / 60_000);

/** An age as operators read it: seconds, minutes, hours or days. */
export const ageText = (seconds: number): string =>
  seconds < 120
    ? `${seconds} s`
    : seconds < 7_200
      ? `${Math.floor(seconds / 60)} min`
      : seconds < 172_800
        ? `${Math.floor(seconds / 3_600)} h`
        : `${Math.floor(seconds / 86_400)} d`;

export const pollerNotes = (poller: PollerHealth, now: Date): string[] => {
  const notes: string[] = [];
  const failedLast =
    poller.lastErrorAt !== null && (poller.lastSuccessAt === null || poller.lastErrorAt > poller.lastSuccessAt);
  if (failedLast) notes.push(`last poll failed at ${poller.lastErrorAt}: ${poller.lastError ?? 'no reason recorded'}`);
  const silent = minutesSince(poller.lastSuccessAt, now);
  if (silent === null) notes.push('no successful poll recorded');
  else if (silent >= pollerSilentMinutesMax)
    notes.push(`no successful poll for ${silent} minutes (the last at ${poller.lastSuccessAt})`);
  return notes;
};

export const activityNotes = (platform: string, totals: ActivityTotals): string[] => {
  const notes: string[] = [];
  if (totals.failed > 0)
    notes.push(
      `${totals.failed} record(s) failed in processing in ${healthWindowHours} h (retried; see the dead-letter queue and /ops/failures?platform=${platform})`,
    );
  if (totals.rejected > 0)
    notes.push(
      `${totals.rejected} record(s) rejected as bad input in ${healthWindowHours} h (see /ops/failures?platform=${platform})`,
    );
  if (totals.unauthorized > 0)
    notes.push(
      `${totals.unauthorized} delivery(ies) refused in ${healthWindowHours} h (signature, timestamp or nonce)`,
    );
  return notes;
};

export const deadLetterNotes = (deadLetters: DeadLetterHealth): string[] => {
  if (deadLetters.depth === 0) return [];
  const age = deadLetters.oldestAgeSeconds === null ? '' : `, the oldest ${ageText(deadLetters.oldestAgeSeconds)} old`;
  return [
    `${deadLetters.queue} dead-letter queue holds ${deadLetters.depth} message(s)${age}: fix the cause, then POST /ops/dead-letters/redrive`,
  ];
};

const isActive = (totals: ActivityTotals, marks: PlatformMarks): boolean =>
  activityCounters.some((name) => totals[name] > 0) || marks.lastDeliveryAt !== null || marks.lastAcceptedAt !== null;

export const healthOf = (input: HealthInput): HealthView => {
  const always = new Set<string>(healthPlatformsAlways);
  const platforms: PlatformHealth[] = [];
  for (const { platform, buckets, marks } of input.platforms) {
    const last24h = totalsOf(buckets, input.now);
    if (!always.has(platform) && !isActive(last24h, marks)) continue;
    const poller = platform === 'wangti' ? input.poller : undefined;
    const notes = [...activityNotes(platform, last24h), ...(poller ? pollerNotes(poller, input.now) : [])];
    platforms.push({
      platform,
      ...marks,
      last24h,
      hourly: hourlyOf(buckets, input.now),
      ...(poller ? { poller } : {}),
      status: notes.length > 0 ? 'attention' : 'ok',
      notes,
    });
  }
  const attention = [
    ...platforms.flatMap((p) => p.notes.map((note) => `${p.platform}: ${note}`)),
    ...input.deadLetters.flatMap(deadLetterNotes),
  ];
  return {
    at: input.now.toISOString(),
    windowHours: healthWindowHours,
    status: attention.length > 0 ? 'attention' : 'ok',
    platforms,
    deadLetters: input.deadLetters,
    attention,
  };
};

/** The oldest age among sampled messages' SentTimestamp (epoch milliseconds, as SQS gives it), seconds. */
export const oldestAgeSecondsOf = (sentTimestamps: readonly (string | undefined)[], now: Date): number | null => {
  const times = sentTimestamps.map(Number).filter((ms) => Number.isFinite(ms) && ms > 0);
  if (times.length === 0) return null;
  return Math.max(0, Math.floor((now.getTime() - Math.min(...times)) / 1000));
};
