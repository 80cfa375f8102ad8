/**
 * What one wangti poll did, as one zod schema: the poll loop builds it, the scheduled poller
 * logs and counts it, `POST /ops/pollers/wangti/run` answers it, and the ops OpenAPI document
 * describes it (shared/api/ops-answers.ts), all from this one schema, so none can name a field
 * the others do not.
 */
import * as z from 'zod';

export const runOutcomes = [
  'busy',
  'drained',
  'budget-spent',
  'rate-limited',
  'unauthorized',
  'server-error',
  'unreadable-page',
  'unexpected-answer',
] as const;
export type RunOutcome = (typeof runOutcomes)[number];

const count = z.number().int().nonnegative();

export const pollSummarySchema = z
  .object({
    outcome: z.enum(runOutcomes),
    ok: z.boolean().meta({ description: 'The export was read to its end or for the whole budget' }),
    pagesRead: count,
    recordsTaken: count.meta({ description: 'Versions enqueued (withdrawals included)' }),
    rowsRejected: count.meta({ description: 'Rows kept as failures' }),
    otherTopic: count.meta({
      description: 'Completions taken whose topic is not on their year’s list (catalogue drift)',
    }),
    cursor: z
      .string()
      .optional()
      .meta({ description: 'The cursor the next run starts from; absent: the export’s beginning' }),
    lagSeconds: z.number().optional().meta({ description: 'Seconds between the poll and the newest 更新时间 it took' }),
    error: z.string().optional(),
    durationMs: z.number().nonnegative(),
  })
  .meta({ id: 'PollSummary' });

export type PollSummary = z.infer<typeof pollSummarySchema>;
