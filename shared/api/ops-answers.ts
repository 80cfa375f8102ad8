/**
 * The answers of the everyday ops routes (health, the failure list, a single replay, redrive,
 * poll now) as zod schemas for the ops OpenAPI document. The handlers build these answers from
 * TypeScript types of their own modules; the `conforms` checks at the end make the compiler
 * hold each type to its schema, so the document cannot describe an answer the hub does not give.
 */
import * as z from 'zod';
import { activityCounters } from '../activity.js';
import { healthStatuses, type DeadLetterHealth, type HealthView, type PollerHealth } from '../ops/health.js';
import { replayOutcomes, type FailuresPage } from '../ops/failure-view.js';
import { failureViewSchema } from '../ops/failure-view-schema.js';

const pollerHealth = z
  .object({
    cursor: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lagSeconds: z.number().nullable().meta({ description: 'Seconds between the poll and the newest 更新时间 it took' }),
  })
  .meta({ id: 'PollerHealth' });

const moveTask = z.object({
  status: z.string(),
  moved: z.number().int(),
  toMove: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  failureReason: z.string().nullable(),
});

const deadLetterHealth = z
  .object({
    queue: z.string(),
    depth: z.number().int(),
    inFlight: z.number().int(),
    oldestAgeSeconds: z.number().nullable(),
    sampled: z.number().int(),
    lastRedrive: moveTask.nullable(),
  })
  .meta({ id: 'DeadLetterHealth' });

const platformHealth = z
  .object({
    platform: z.string(),
    lastDeliveryAt: z.string().nullable(),
    lastAcceptedAt: z.string().nullable(),
    last24h: z.object(
      Object.fromEntries(activityCounters.map((counter) => [counter, z.number().int()])) as Record<
        (typeof activityCounters)[number],
        z.ZodNumber
      >,
    ),
    poller: pollerHealth.optional(),
    status: z.enum(healthStatuses),
    notes: z.array(z.string()).readonly(),
  })
  .meta({ id: 'PlatformHealth' });

const health = z
  .object({
    at: z.string(),
    windowHours: z.number().int(),
    status: z.enum(healthStatuses),
    platforms: z.array(platformHealth).readonly(),
    deadLetters: z.array(deadLetterHealth).readonly(),
    attention: z.array(z.string()).readonly().meta({ description: 'Everything that needs an operator, one line each' }),
  })
  .meta({ id: 'Health' });

const failuresPage = z
  .object({
    failures: z.array(failureViewSchema).readonly(),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next (older) page; null at the end' }),
  })
  .meta({ id: 'FailuresPage' });

const replayOne = z
  .object({
    replay: z.object({
      outcome: z.enum(replayOutcomes),
      message: z.string(),
      versions: z.number().int().optional(),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
    failure: failureViewSchema,
  })
  .meta({ id: 'ReplayOutcome' });

const redrive = z
  .object({
    queue: z.string(),
    messagesToMove: z.number().int(),
    taskHandle: z.string().nullable(),
    status: z.enum(['nothing-to-move', 'started']),
  })
  .meta({ id: 'Redrive' });

const pollSummary = z
  .object({
    outcome: z.string(),
    ok: z.boolean(),
    pagesRead: z.number().int(),
    recordsTaken: z.number().int(),
    rowsRejected: z.number().int(),
    cursor: z.string().optional(),
    lagSeconds: z.number().optional(),
    error: z.string().optional(),
    durationMs: z.number(),
  })
  .meta({ id: 'PollSummary' });

export const opsAnswerSchemas = { health, failuresPage, replayOne, redrive, pollSummary } as const;

/** Compile-time only: the handlers' answer types are values of the documented schemas. */
export const opsAnswersConform = {
  health: (view: HealthView): z.infer<typeof health> => view,
  poller: (view: PollerHealth): z.infer<typeof pollerHealth> => view,
  deadLetter: (view: DeadLetterHealth): z.infer<typeof deadLetterHealth> => view,
  failuresPage: (page: FailuresPage): z.infer<typeof failuresPage> => page,
};
