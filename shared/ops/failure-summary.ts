/**
 * The failures summary (`GET /ops/failures/summary`): failures counted by platform and reason
 * code, so an incident of ten thousand rejected records reads as one line. Each failure is in
 * exactly one of three columns: `open` (never replayed), `replayed` (a replay took it into the
 * pipeline), `stillFailing` (replayed, and the pipeline rejected it again). Groups are newest
 * first by their latest failure. Reason codes are opaque strings here: the summary groups by
 * whatever code the failure was stored with.
 */
import * as z from 'zod';
import { isoTimeSchema, sinceBeforeUntil } from './params.js';

/** Without `since`, the summary covers this many days before `until`. */
export const summaryWindowDaysDefault = 30;

export const summaryQuerySchema = z
  .object({
    since: isoTimeSchema.optional().meta({
      description: `Failures at or after this time, ${sinceBeforeUntil.words}; default ${summaryWindowDaysDefault} days before \`until\``,
    }),
    until: isoTimeSchema.optional().meta({ description: 'Failures before this time; default now' }),
  })
  .refine(sinceBeforeUntil.check, sinceBeforeUntil.issue);
export type SummaryQuery = z.infer<typeof summaryQuerySchema>;

/** One failure as the summary needs it (the byPlatform index's projection). */
export interface FailureRow {
  readonly failureId: string;
  readonly platform: string;
  readonly reasonCode: string;
  readonly failedAt: string;
  readonly status: string;
  /** At least one replay is on record. */
  readonly replayedOnce: boolean;
}

export const summaryGroupSchema = z
  .object({
    platform: z.string(),
    reasonCode: z.string().meta({ description: 'The reason code the failures were stored with' }),
    open: z.number().int().min(0).meta({ description: 'Never replayed' }),
    replayed: z.number().int().min(0).meta({ description: 'Taken into the pipeline by a replay' }),
    stillFailing: z.number().int().min(0).meta({ description: 'Replayed, and rejected again' }),
    total: z.number().int().min(0),
    firstFailedAt: z.string().meta({ description: 'The oldest failure of the group in the window (UTC)' }),
    lastFailedAt: z.string().meta({ description: 'The newest failure of the group in the window (UTC)' }),
  })
  .meta({ id: 'FailureSummaryGroup', description: 'The failures of one platform and reason code' });
export type SummaryGroup = z.infer<typeof summaryGroupSchema>;

export const failureSummarySchema = z
  .object({
    since: z.string().meta({ description: 'The window counted, UTC' }),
    until: z.string(),
    total: z.number().int().min(0),
    groups: z.array(summaryGroupSchema).meta({ description: 'Newest first by `lastFailedAt`' }),
  })
  .meta({ id: 'FailureSummary', description: 'Failures counted by platform and reason code' });
export type FailureSummary = z.infer<typeof failureSummarySchema>;

/** The column a failure counts in. */
export const summaryColumnOf = (
  row: Pick<FailureRow, 'status' | 'replayedOnce'>,
): 'open' | 'replayed' | 'stillFailing' => {
  if (row.status === 'replayed') return 'replayed';
  return row.replayedOnce ? 'stillFailing' : 'open';
};

/** The window a query asks for, resolved against `now`. */
export const summaryWindowOf = (query: SummaryQuery, now: Date): { since: Date; until: Date } => {
  const until = query.until === undefined ? now : new Date(query.until);
  const since =
    query.since === undefined
      ? new Date(until.getTime() - summaryWindowDaysDefault * 86_400_000)
      : new Date(query.since);
  return { since, until };
};

export const summariseFailures = (
  rows: readonly FailureRow[],
  window: { since: Date; until: Date },
): FailureSummary => {
  const groups = new Map<string, { -readonly [K in keyof SummaryGroup]: SummaryGroup[K] }>();
  for (const row of rows) {
    const key = `${row.platform}\u0000${row.reasonCode}`;
    const group = groups.get(key) ?? {
      platform: row.platform,
      reasonCode: row.reasonCode,
      open: 0,
      replayed: 0,
      stillFailing: 0,
      total: 0,
      firstFailedAt: row.failedAt,
      lastFailedAt: row.failedAt,
    };
    group[summaryColumnOf(row)] += 1;
    group.total += 1;
    if (row.failedAt < group.firstFailedAt) group.firstFailedAt = row.failedAt;
    if (row.failedAt > group.lastFailedAt) group.lastFailedAt = row.failedAt;
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort((a, b) =>
    a.lastFailedAt < b.lastFailedAt
      ? 1
      : a.lastFailedAt > b.lastFailedAt
        ? -1
        : a.platform.localeCompare(b.platform) || a.reasonCode.localeCompare(b.reasonCode),
  );
  return { since: window.since.toISOString(), until: window.until.toISOString(), total: rows.length, groups: sorted };
};
