/**
 * `POST /ops/failures/replay`: every failure that matches, replayed as one background job
 * (shared/ops/replay-job.ts). A dry run answers how many match. Otherwise the job is stored, its
 * chunks put on the replays queue, and the answer is 202 with the job id; the replay worker does
 * the work, and `GET /ops/jobs/{jobId}` reads its progress.
 */
import { failuresInWindow } from '../../aws/failure-index.js';
import { createReplayJobStore, type ReplayJobStore } from '../../aws/replay-jobs.js';
import { failurePlatforms } from '../../shared/ops/failure-page.js';
import {
  chunkMessagesOf,
  newReplayJobId,
  replayJobFailuresMax,
  replayRequestSchema,
  type ReplayFilter,
  type ReplayPreview,
  type ReplayRequest,
  type ReplayStarted,
} from '../../shared/ops/replay-job.js';
import { sqsMessagesPerCallMax } from '../../aws/sqs-limits.js';
import type { OpsRoute } from './ops-handler.js';
import { once } from '../lib/once.js';
import { HttpProblem, json, parseJsonBody } from '../lib/http.js';
import { logger } from '../lib/observability.js';
import { narrowTheWindow } from './summary.js';

export const replayJobs: () => ReplayJobStore = once(createReplayJobStore);

const filterOf = (request: ReplayRequest, now: Date): ReplayFilter => ({
  platform: request.platform ?? null,
  reasonCode: request.reasonCode ?? null,
  since: request.since === undefined ? null : new Date(request.since).toISOString(),
  until: new Date(request.until ?? now).toISOString(),
});

/** The matching failures' ids, oldest first (an incident is replayed in the order it happened). */
const matchingIds = async (filter: ReplayFilter): Promise<string[]> => {
  const platforms = filter.platform === null ? failurePlatforms : [filter.platform];
  const since = new Date(filter.since ?? 0);
  const until = new Date(filter.until);
  const rows = await Promise.all(
    platforms.map((platform) =>
      failuresInWindow({
        platform,
        since,
        until,
        ...(filter.reasonCode === null ? {} : { reasonCode: filter.reasonCode }),
      }),
    ),
  ).catch(narrowTheWindow);
  return rows
    .flat()
    .sort((a, b) =>
      a.failedAt < b.failedAt ? -1 : a.failedAt > b.failedAt ? 1 : a.failureId.localeCompare(b.failureId),
    )
    .map((row) => row.failureId);
};

/** Sends the chunks ten at a time, in order; if SQS stops taking them, the job shrinks to what was sent. */
const enqueueAll = async (jobId: string, ids: readonly string[]): Promise<void> => {
  const messages = chunkMessagesOf(jobId, ids);
  for (let sent = 0; sent < messages.length; sent += sqsMessagesPerCallMax) {
    try {
      await replayJobs().enqueueChunks(messages.slice(sent, sent + sqsMessagesPerCallMax));
    } catch (error) {
      const taken = messages.slice(0, sent).reduce((sum, m) => sum + m.failureIds.length, 0);
      await replayJobs().shrink(jobId, sent, taken);
      logger.error('a bulk replay job could not put all its chunks on the queue', {
        jobId,
        chunksSent: sent,
        chunks: messages.length,
        error: error as Error,
      });
      throw new HttpProblem(
        503,
        'job-partly-started',
        `job ${jobId} replays ${taken} of ${ids.length} failures: the replays queue took no more; replay again for the rest (a replay credits nothing twice)`,
        [],
        { cause: error },
      );
    }
  }
};

export const replayAllRoute: OpsRoute = async (event, operator) => {
  const request = parseJsonBody(event, replayRequestSchema);
  const now = new Date();
  const filter = filterOf(request, now);
  const ids = await matchingIds(filter);
  if (request.dryRun) return json(200, { matched: ids.length } satisfies ReplayPreview);
  if (ids.length > replayJobFailuresMax) {
    throw new HttpProblem(
      400,
      'too-many-failures',
      `${ids.length} failures match; one job replays at most ${replayJobFailuresMax}: narrow the filter (platform, reasonCode, since, until)`,
      [{ field: 'since', message: 'the filter matches too many failures' }],
    );
  }
  const jobId = newReplayJobId(now);
  const chunks = chunkMessagesOf(jobId, ids).length;
  await replayJobs().create({
    jobId,
    filter,
    matched: ids.length,
    replayed: 0,
    credited: 0,
    stillFailing: 0,
    operator: operator.name,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    chunks,
    chunksDone: 0,
  });
  await enqueueAll(jobId, ids);
  logger.info('bulk replay job started', { jobId, matched: ids.length, chunks, filter });
  return json(202, { jobId, matched: ids.length } satisfies ReplayStarted);
};
