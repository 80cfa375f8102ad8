/**
 * The answers of the everyday ops routes (health, the failure list, a single replay, redrive,
 * poll now) as zod schemas for the ops OpenAPI document. Each answer's type is its schema's
 * (shared/ops/health-schema.ts, replay-answer-schema.ts, redrive.ts,
 * shared/platforms/wangti/poll-summary.ts), except the failure list's: the `conforms` check at
 * the end makes the compiler hold FailuresPage to its schema. That check is structural, blind to
 * a field the type has and the schema lacks: test/integration/ops-contract.test.ts validates
 * every answer against its schema, which allows no field it does not describe.
 */
import * as z from 'zod';
import type { FailuresPage } from '../ops/failure-view.js';
import { failureViewSchema } from '../ops/failure-view-schema.js';
import { healthSchema } from '../ops/health-schema.js';
import { redriveSchema } from '../ops/redrive.js';
import { replayAnswerSchema } from '../ops/replay-answer-schema.js';
import { pollSummarySchema } from '../platforms/wangti/poll-summary.js';

const failuresPage = z
  .object({
    failures: z.array(failureViewSchema).readonly(),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next (older) page; null at the end' }),
  })
  .meta({ id: 'FailuresPage' });

export const opsAnswerSchemas = {
  health: healthSchema,
  failuresPage,
  replayOne: replayAnswerSchema,
  redrive: redriveSchema,
  pollSummary: pollSummarySchema,
} as const;

/** Compile-time only: the failure list's answer type is a value of its documented schema. */
export const opsAnswersConform = {
  failuresPage: (page: FailuresPage): z.infer<typeof failuresPage> => page,
};
