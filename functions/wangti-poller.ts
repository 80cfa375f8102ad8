/**
 * The wangti export poller: scheduled (EventBridge in the cloud, the local runtime's scheduler
 * locally, every WANGTI_POLL_SECONDS) and on demand (`POST /ops/pollers/wangti/run` calls
 * `runWangtiPoll`). The loop is shared/platforms/wangti/poll-loop.ts; this wires its ports:
 * the export over HTTP, the state and lease in the operations table, the queue and failures.
 */
import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { createPollerStateStore } from '../aws/poller-state.js';
import { pollBudgetMs, runPoll, type PollerStatePort, type PollSummary } from '../shared/platforms/wangti/poll-loop.js';
import { failureStore, rules } from './lib/dependencies.js';
import { hubHandler } from './lib/hub-middleware.js';
import { functionSetting } from './lib/settings.js';
import { tally } from './lib/tally.js';
import { completionQueue } from './lib/queue.js';
import { countFor, logger, metricFor, metricNames, MetricUnit } from './lib/observability.js';
import { personCrypto } from './lib/person-crypto.js';
import { loadSecret } from './lib/secrets.js';
import { createWangtiExport } from './lib/wangti-export.js';
import { sleep } from '../shared/sleep.js';

const platform = 'wangti';
/** Kept free at the end of an invocation for releasing the lease and flushing metrics. */
export const invocationMarginMs = 15_000;

export interface WangtiPollOptions {
  /** Rows per page (1 to 1000). */
  readonly limit?: number;
  /** Time the run may spend reading pages; default pollBudgetMs. */
  readonly budgetMs?: number;
  readonly leaseSeconds?: number;
  /** Who runs (logged, and the lease's owner); default a fresh id. */
  readonly owner?: string;
  /** Tests: wrap the state store (e.g. to make a write fail, as a crash would). */
  readonly wrapState?: (state: PollerStatePort) => PollerStatePort;
}

export type { PollSummary } from '../shared/platforms/wangti/poll-loop.js';

/** One poll run: reads what the export has (within the budget) and answers what it did. */
export const runWangtiPoll = async (options: WangtiPollOptions = {}): Promise<PollSummary> => {
  const owner = options.owner ?? `poll-${randomUUID()}`;
  const crypto = await personCrypto();
  const failures = await failureStore();
  const state = createPollerStateStore();
  const summary = await runPoll(
    {
      exportApi: createWangtiExport({
        baseUrl: functionSetting('WANGTI_BASE_URL'),
        token: await loadSecret('WANGTI_TOKEN'),
      }),
      state: options.wrapState ? options.wrapState(state) : state,
      enqueue: (versions) => completionQueue().enqueue(versions),
      recordFailures: (list) => failures.record(list),
      contextFor: (receivedAt, correlationId) => ({
        receivedAt,
        now: receivedAt,
        correlationId,
        crypto,
        rules: rules(),
      }),
      clock: () => new Date(),
      sleep,
    },
    {
      owner,
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
      ...(options.leaseSeconds === undefined ? {} : { leaseSeconds: options.leaseSeconds }),
    },
  ).catch((error: unknown) => {
    logger.error('wangti poll run failed', { owner, error: error as Error });
    throw error;
  });
  observe(summary, owner);
  return summary;
};

const observe = (summary: PollSummary, owner: string): void => {
  const { outcome, pagesRead, recordsTaken, rowsRejected, otherTopic, lagSeconds } = summary;
  if (summary.ok) {
    countFor(platform, { [metricNames.pollerSuccess]: 1 });
    if (lagSeconds !== undefined) metricFor(platform, metricNames.pollerLag, MetricUnit.Seconds, lagSeconds);
  }
  if (outcome === 'unauthorized') countFor(platform, { [metricNames.pollerUnauthorized]: 1 });
  const received = recordsTaken + rowsRejected;
  if (received > 0)
    tally(
      platform,
      { received, accepted: recordsTaken, rejected: rowsRejected, otherTopic },
      { lastDeliveryAt: new Date().toISOString() },
    );
  const line = {
    owner,
    outcome,
    pagesRead,
    recordsTaken,
    rowsRejected,
    lagSeconds,
    durationMs: summary.durationMs,
    ...(summary.error ? { reason: summary.error } : {}),
  };
  if (summary.ok || outcome === 'busy') logger.info('wangti poll run', line);
  else logger.warn('wangti poll run stopped', line);
};

export const handler = hubHandler(async (_event: ScheduledEvent, context: Context): Promise<PollSummary> => {
  const budgetMs = Math.max(1_000, Math.min(pollBudgetMs, context.getRemainingTimeInMillis() - invocationMarginMs));
  return runWangtiPoll({ budgetMs, owner: `poll-${context.awsRequestId}` });
});
