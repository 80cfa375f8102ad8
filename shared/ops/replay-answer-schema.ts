/**
 * The answer of `POST /ops/failures/{failureId}/replay` as a zod schema: what the replay did,
 * and the failure as it now is. Its type is the handler's (functions/ops/replay.ts) and the ops
 * OpenAPI document shows it (shared/api/ops-answers.ts).
 */
import * as z from 'zod';
import { recordRuleCodes } from '../rules/record-rules.js';
import { replayOutcomes } from './failure-view.js';
import { failureViewSchema } from './failure-view-schema.js';

export const replayAnswerSchema = z
  .object({
    replay: z.object({
      outcome: z.enum(replayOutcomes),
      message: z.string(),
      // Enqueued: the versions put on the completions queue; rejected: the problems, in `details`.
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
export type ReplayAnswer = z.output<typeof replayAnswerSchema>;
