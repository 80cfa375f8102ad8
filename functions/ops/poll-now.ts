/**
 * `POST /ops/pollers/wangti/run`: poll the wangti export now instead of waiting for the
 * schedule. Until the poller module exports its run function, this answers 503.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpProblem } from '../lib/http.js';

export const pollNowRoute = async (): Promise<APIGatewayProxyStructuredResultV2> => {
  throw new HttpProblem(503, 'poller-not-available', 'poller not available: this hub has no wangti poller to run yet');
};
