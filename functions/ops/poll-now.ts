/**
 * `POST /ops/pollers/wangti/run`: poll the wangti export now instead of waiting for the
 * schedule, with the scheduled poller's own run (functions/wangti-poller.ts). Its lease keeps
 * it to one poll at a time: a run in progress answers 409. A run that ended badly (401,
 * 5xx, an unreadable page) still answers 200 with its summary: the request did what it was
 * asked; the summary and GET /ops/health say how the export answered.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { pollBudgetMs } from '../../shared/platforms/wangti/poll-loop.js';
import { invocationMarginMs, runWangtiPoll } from '../wangti-poller.js';
import { activity } from '../lib/dependencies.js';
import { HttpProblem, json } from '../lib/http.js';
import { logger } from '../lib/observability.js';

/** The least reading time a poll-now gets, even when the invocation has little left. */
export const pollNowBudgetMsMin = 1_000;

export const pollNowRoute = async (
  context: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const budgetMs = Math.max(
    pollNowBudgetMsMin,
    Math.min(pollBudgetMs, context.getRemainingTimeInMillis() - invocationMarginMs),
  );
  try {
    const summary = await runWangtiPoll({ budgetMs, owner: `ops-${context.awsRequestId}` });
    if (summary.outcome === 'busy')
      throw new HttpProblem(
        409,
        'poller-busy',
        'a wangti poll is already running; see GET /ops/health for its last result',
      );
    return json(200, summary);
  } finally {
    // The ops function flushes rarely: write the poll's counts now.
    await activity()
      .flush(true)
      .catch((error: unknown) => logger.warn('activity counters not written', { error: error as Error }));
  }
};
