/**
 * The answers of the everyday ops routes (health, the failure list, a single replay, redrive,
 * poll now) as zod schemas for the ops OpenAPI document. The poll summary's type is its schema's
 * (shared/platforms/wangti/poll-summary.ts); the other handlers build their answers from
 * TypeScript types of their own modules, and the `conforms` checks at the end make the compiler
 * hold each type to its schema. Those checks are structural, blind to a field the type has and
 * the schema lacks: test/integration/ops-contract.test.ts validates every answer against its
 * schema, which allows no field it does not describe.
 */
import * as z from 'zod';
import { activityCounters } from '../activity.js';
import {
  healthStatuses,
  hourlyCounters,
  type DeadLetterHealth,
  type HourlyCounter,
  type HealthView,
  type PollerHealth,
} from '../ops/health.js';
import { replayOutcomes, type FailuresPage } from '../ops/failure-view.js';
import { failureViewSchema } from '../ops/failure-view-schema.js';
import { redriveSchema } from '../ops/redrive.js';
import { recordRuleCodes } from '../rules/record-rules.js';
import { pollSummarySchema } from '../platforms/wangti/poll-summary.js';

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
    hourly: z
      .array(
        z.object({
          hour: z.string().meta({ description: 'The hour, `YYYY-MM-DDTHH` (UTC)' }),
          ...(Object.fromEntries(hourlyCounters.map((counter) => [counter, z.number().int()])) as Record<
            HourlyCounter,
            z.ZodNumber
          >),
        }),
      )
      .readonly()
      .meta({ description: 'Every hour of the window, oldest first, zeros where nothing was counted' }),
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
      details: z
        .array(
          z.object({
            field: z.string(),
            message: z.string(),
            rule: z.enum(recordRuleCodes).optional().meta({ description: 'The record rule the value breaks' }),
          }),
        )
        .optional(),
    }),
    failure: failureViewSchema,
  })
  .meta({ id: 'ReplayOutcome' });

export const opsAnswerSchemas = {
  health,
  failuresPage,
  replayOne,
  redrive: redriveSchema,
  pollSummary: pollSummarySchema,
} as const;

/** Compile-time only: the handlers' answer types are values of the documented schemas. */
export const opsAnswersConform = {
  health: (view: HealthView): z.infer<typeof health> => view,
  poller: (view: PollerHealth): z.infer<typeof pollerHealth> => view,
  deadLetter: (view: DeadLetterHealth): z.infer<typeof deadLetterHealth> => view,
  failuresPage: (page: FailuresPage): z.infer<typeof failuresPage> => page,
};
