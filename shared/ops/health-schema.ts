/**
 * The health view (`GET /ops/health`) as zod schemas: the one description of its shape. The
 * types in shared/ops/health.ts are these schemas' types, and the ops OpenAPI document shows
 * them (shared/api/ops-answers.ts). What a field means beyond its `meta` is said in a comment,
 * so the document stays as it is.
 */
import * as z from 'zod';
import { activityCounters, type ActivityCounter } from '../activity.js';
import { healthStatuses, hourlyCounters, type HourlyCounter } from './health.js';

const countsOf = <Name extends string>(names: readonly Name[]) =>
  Object.fromEntries(names.map((name) => [name, z.number().int()])) as Record<Name, z.ZodNumber>;

/** A platform's counts over the window, one per activity counter. */
export const activityTotalsSchema = z.object(countsOf<ActivityCounter>(activityCounters));

/** One hour of the window and the counters the console's chart shows. */
export const hourCountsSchema = z.object({
  hour: z.string().meta({ description: 'The hour, `YYYY-MM-DDTHH` (UTC)' }),
  ...countsOf<HourlyCounter>(hourlyCounters),
});

/** The wangti poller's state; a null field is not known (yet). */
export const pollerHealthSchema = z
  .object({
    cursor: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    lastError: z.string().nullable(),
    // The PollerLagSeconds metric.
    lagSeconds: z.number().nullable().meta({ description: 'Seconds between the poll and the newest 更新时间 it took' }),
  })
  .meta({ id: 'PollerHealth' });

/** A redrive (StartMessageMoveTask) of a dead-letter queue, as ListMessageMoveTasks reports it. */
export const moveTaskHealthSchema = z.object({
  status: z.string(),
  moved: z.number().int(),
  toMove: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  failureReason: z.string().nullable(),
});

export const deadLetterHealthSchema = z
  .object({
    queue: z.string(),
    // Messages waiting (visible), and being moved or peeked (not visible).
    depth: z.number().int(),
    inFlight: z.number().int(),
    // Age of the oldest message seen, seconds, from SentTimestamp (SQS keeps the original send
    // time when it dead-letters a message of a standard queue). Taken from a peek of up to
    // `sampled` messages: exact for a queue that small, a lower bound beyond. null when empty.
    oldestAgeSeconds: z.number().nullable(),
    sampled: z.number().int(),
    // The latest redrive of this queue, if any.
    lastRedrive: moveTaskHealthSchema.nullable(),
  })
  .meta({ id: 'DeadLetterHealth' });

export const platformHealthSchema = z
  .object({
    platform: z.string(),
    lastDeliveryAt: z.string().nullable(),
    lastAcceptedAt: z.string().nullable(),
    last24h: activityTotalsSchema,
    hourly: z
      .array(hourCountsSchema)
      .readonly()
      .meta({ description: 'Every hour of the window, oldest first, zeros where nothing was counted' }),
    poller: pollerHealthSchema.optional(),
    // `ok`, or `attention` when the notes name something.
    status: z.enum(healthStatuses),
    notes: z.array(z.string()).readonly(),
  })
  .meta({ id: 'PlatformHealth' });

export const healthSchema = z
  .object({
    at: z.string(),
    windowHours: z.number().int(),
    status: z.enum(healthStatuses),
    platforms: z.array(platformHealthSchema).readonly(),
    deadLetters: z.array(deadLetterHealthSchema).readonly(),
    attention: z.array(z.string()).readonly().meta({ description: 'Everything that needs an operator, one line each' }),
  })
  .meta({ id: 'Health' });
