/**
 * A bulk replay (`POST /ops/failures/replay`): every failure that matches a filter, run through
 * the pipeline again as one background job. The request counts the matches, stores the job and
 * puts its work on the replays queue in chunks of failure ids; the replay worker does one chunk
 * an invocation and adds its tally to the job once (a chunk delivered twice is counted once).
 * The ledger dedupes versions, so a job replaying what is already credited credits nothing.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { failurePlatforms } from './failure-page.js';
import { isoTimeSchema, reasonCodeSchema, sinceBeforeUntil } from './params.js';

/** Failures per queue message: a chunk's replays and ledger writes fit well inside the worker's timeout. */
export const replayChunkFailuresMax = 25;
/** A bulk replay matches at most this many failures; past it the operator narrows the filter. */
export const replayJobFailuresMax = 50_000;
/** How long a finished or abandoned job stays readable. */
export const replayJobRetentionDays = 30;

export const replayRequestSchema = z
  .strictObject({
    platform: z.enum(failurePlatforms).optional().meta({ description: 'Only failures of this platform' }),
    reasonCode: reasonCodeSchema.optional().meta({ description: 'Only failures with this reason code' }),
    since: isoTimeSchema
      .optional()
      .meta({ description: `Only failures at or after this time, ${sinceBeforeUntil.words}` }),
    until: isoTimeSchema.optional().meta({ description: 'Only failures before this time; default now' }),
    dryRun: z.boolean().default(false).meta({ description: 'Only count the matches; change nothing' }),
  })
  .refine(sinceBeforeUntil.check, sinceBeforeUntil.issue)
  .meta({ id: 'ReplayRequest', description: 'Which failures to replay; every field narrows the match' });
export type ReplayRequest = z.infer<typeof replayRequestSchema>;

export const replayFilterSchema = z
  .object({
    platform: z.enum(failurePlatforms).nullable(),
    reasonCode: z.string().nullable(),
    since: z.string().nullable().meta({ description: 'UTC; null: from the first failure' }),
    until: z.string().meta({ description: 'UTC: the time the job was asked for, when the request named none' }),
  })
  .meta({ id: 'ReplayFilter', description: 'The filter a job matched with, resolved' });
export type ReplayFilter = z.infer<typeof replayFilterSchema>;

export const replayPreviewSchema = z
  .object({ matched: z.number().int().min(0) })
  .meta({ id: 'ReplayPreview', description: 'How many failures a replay would take (dry run)' });
export type ReplayPreview = z.output<typeof replayPreviewSchema>;

export const replayStartedSchema = z
  .object({ jobId: z.string(), matched: z.number().int().min(0) })
  .meta({ id: 'ReplayStarted', description: 'The job runs in the background; follow it at `/ops/jobs/{jobId}`' });
export type ReplayStarted = z.output<typeof replayStartedSchema>;

export const replayJobStatuses = ['running', 'done'] as const;

export const replayJobViewSchema = z
  .object({
    jobId: z.string(),
    status: z.enum(replayJobStatuses),
    matched: z.number().int().min(0).meta({ description: 'Failures the job takes' }),
    replayed: z.number().int().min(0).meta({ description: 'Failures run through the pipeline so far' }),
    credited: z.number().int().min(0).meta({ description: 'Of those, the ones that added or changed a ledger entry' }),
    stillFailing: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Of those, the ones the pipeline rejected again (or that kept no input to replay)' }),
    filter: replayFilterSchema,
    operator: z.string().meta({ description: 'The name of the ops key that started it' }),
    startedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    id: 'ReplayJob',
    description: 'A bulk replay and its progress; `replayed` reaches `matched` when it is done',
  });
export type ReplayJobView = z.infer<typeof replayJobViewSchema>;

/** The job as stored (aws/replay-jobs.ts): the view's counts, and its chunks. */
export interface StoredReplayJob extends Omit<ReplayJobView, 'status'> {
  readonly chunks: number;
  readonly chunksDone: number;
}

export const jobIdSchema = z
  .string()
  .regex(/^j_[0-9a-z]{10}[0-9a-f]{8}$/, 'must be a job id as POST /ops/failures/replay answered it');
export const jobPathSchema = z.object({ jobId: jobIdSchema });

/** Time-sortable, like failure ids: `j_` + 10 base-36 digits of milliseconds + 8 random hex. */
export const newReplayJobId = (now: Date): string =>
  `j_${now.getTime().toString(36).padStart(10, '0')}${randomBytes(4).toString('hex')}`;

export const replayChunkMessageSchema = z.object({
  kind: z.literal('replay-chunk'),
  jobId: jobIdSchema,
  chunk: z.number().int().min(0),
  failureIds: z.array(z.string()).min(1).max(replayChunkFailuresMax),
});
export type ReplayChunkMessage = z.infer<typeof replayChunkMessageSchema>;

export const chunkMessagesOf = (jobId: string, failureIds: readonly string[]): ReplayChunkMessage[] => {
  const messages: ReplayChunkMessage[] = [];
  for (let i = 0; i < failureIds.length; i += replayChunkFailuresMax) {
    messages.push({
      kind: 'replay-chunk',
      jobId,
      chunk: messages.length,
      failureIds: failureIds.slice(i, i + replayChunkFailuresMax),
    });
  }
  return messages;
};

/** What one chunk did: each of its failures is counted once as replayed, and at most once more as credited or still failing. */
export interface ChunkTally {
  readonly replayed: number;
  readonly credited: number;
  readonly stillFailing: number;
}

export const replayJobViewOf = (job: StoredReplayJob): ReplayJobView => {
  const { chunks, chunksDone, ...view } = job;
  return { ...view, status: chunksDone >= chunks ? 'done' : 'running' };
};
