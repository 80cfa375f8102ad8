/**
 * The operators' failure view and the failure list's page as zod schemas, for the ops OpenAPI
 * document and the lookups' answers. Their types (shared/ops/failure-view.ts) are these
 * schemas' outputs, so what the hub builds is what the document shows.
 */
import * as z from 'zod';
import { failureStages, replayInputSchema } from '../failures.js';
import { failureStatuses, replayOutcomes } from './failure-view.js';

export const replayRecordSchema = z
  .object({
    at: z.string(),
    outcome: z.enum(replayOutcomes),
    message: z.string().meta({ description: 'Names the field and what was wrong (rejected), or what the replay did' }),
  })
  .meta({ id: 'ReplayRecord', description: 'One replay of a failure' });

export const maskedInputSchema = z
  .object({
    kind: z.enum(replayInputSchema.options.map((option) => option.shape.kind.value)),
    payload: z
      .unknown()
      .meta({ description: 'What the platform sent, ID card numbers masked to their last 4 characters, names to ***' }),
    receivedAt: z.string().optional(),
    batchNo: z.string().optional(),
    index: z.number().int().optional(),
    versionAt: z.string().optional(),
  })
  .meta({ id: 'MaskedInput', description: 'The original input of a failure, masked' });

export const failureViewSchema = z
  .object({
    id: z.string(),
    platform: z.string(),
    stage: z.enum(failureStages),
    reasonCode: z.string().meta({ description: 'Which rule or check the failure broke (one code per rule)' }),
    message: z.string().meta({ description: 'Names the field and what was wrong with it' }),
    recordId: z.string().nullable(),
    correlationId: z.string().nullable(),
    failedAt: z.string(),
    status: z.enum(failureStatuses),
    replays: z.array(replayRecordSchema).readonly(),
    input: maskedInputSchema
      .nullable()
      .meta({ description: 'null when the sealed payload could not be opened (see `inputProblem`)' }),
    inputProblem: z.string().optional(),
  })
  .meta({ id: 'Failure', description: 'A delivery or record that did not reach a ledger' });

export const failuresPageSchema = z
  .object({
    failures: z.array(failureViewSchema).readonly(),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next (older) page; null at the end' }),
  })
  .meta({ id: 'FailuresPage' });
