/**
 * The answers of the everyday ops routes (health, the failure list, a single replay, redrive,
 * poll now) as zod schemas for the ops OpenAPI document. Each answer's type is its schema's
 * (shared/ops/health-schema.ts, failure-view-schema.ts, replay-answer-schema.ts, redrive.ts,
 * shared/platforms/wangti/poll-summary.ts), so the two are one.
 */
import { failuresPageSchema } from '../ops/failure-view-schema.js';
import { healthSchema } from '../ops/health-schema.js';
import { redriveSchema } from '../ops/redrive.js';
import { replayAnswerSchema } from '../ops/replay-answer-schema.js';
import { pollSummarySchema } from '../platforms/wangti/poll-summary.js';

export const opsAnswerSchemas = {
  health: healthSchema,
  failuresPage: failuresPageSchema,
  replayOne: replayAnswerSchema,
  redrive: redriveSchema,
  pollSummary: pollSummarySchema,
} as const;
