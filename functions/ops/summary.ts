/**
 * `GET /ops/failures/summary?since=&until=`: the window's failures counted by platform and reason
 * code (shared/ops/failure-summary.ts), read from the byPlatform index, one query per platform.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { failuresInWindow, FailureWindowTooLargeError } from '../../aws/failure-index.js';
import { failurePlatforms } from '../../shared/ops/failure-page.js';
import { summariseFailures, summaryQuerySchema, summaryWindowOf } from '../../shared/ops/failure-summary.js';
import { HttpProblem, json, parseWith } from '../lib/http.js';

/** A window too large to read in one request is the operator's to narrow: a 400 naming `since`. */
export const narrowTheWindow = (error: unknown): never => {
  if (error instanceof FailureWindowTooLargeError) {
    throw new HttpProblem(
      400,
      'window-too-large',
      `${error.message}; ask for a later since (or an earlier until)`,
      [{ field: 'since', message: 'the window holds too many failures' }],
      { cause: error },
    );
  }
  throw error;
};

export const readFailureSummary = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const query = parseWith(summaryQuerySchema, event.queryStringParameters ?? {}, 'query');
  const window = summaryWindowOf(query, new Date());
  const rows = await Promise.all(failurePlatforms.map((platform) => failuresInWindow({ platform, ...window }))).catch(
    narrowTheWindow,
  );
  return json(200, summariseFailures(rows.flat(), window));
};
