/**
 * The operators API (`/ops`, hub-api.md): bearer key from OPS_API_KEYS, then the route's own
 * module under functions/ops/. Every answer, errors included, is in the hub's format. The ops
 * routes emit no platform metrics (see functions/ops/replay.ts); their logs carry the
 * operator's key name and the request id as correlation id.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { authenticate, parseConsumerKeys, type Consumer } from './lib/bearer-auth.js';
import { HttpProblem } from './lib/http.js';
import { httpHandler } from './lib/http-middleware.js';
import { logger } from './lib/observability.js';
import { loadSecret } from './lib/secrets.js';
import { auditRoute } from './ops/audit.js';
import { listFailures } from './ops/failures.js';
import { readHealth } from './ops/health.js';
import { pollNowRoute } from './ops/poll-now.js';
import { redriveRoute } from './ops/redrive.js';
import { readJobRoute } from './ops/jobs.js';
import { replayFailureRoute } from './ops/replay.js';
import { replayAllRoute } from './ops/replay-all.js';
import { readFailureSummary } from './ops/summary.js';

type Route = (event: APIGatewayProxyEventV2, operator: Consumer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Keyed by the API Gateway route key, exactly as in infra/topology.ts. */
export const opsRoutes: Readonly<Record<string, Route>> = {
  'GET /ops/health': readHealth,
  'GET /ops/failures': listFailures,
  'POST /ops/failures/{failureId}/replay': replayFailureRoute,
  'POST /ops/dead-letters/redrive': redriveRoute,
  'POST /ops/pollers/wangti/run': (_event, _operator, context) => pollNowRoute(context),
  'GET /ops/audit': auditRoute,
  'GET /ops/failures/summary': readFailureSummary,
  'POST /ops/failures/replay': replayAllRoute,
  'GET /ops/jobs/{jobId}': readJobRoute,
};

export const handler = httpHandler(async (event, context) => {
  const operator = authenticate(event, parseConsumerKeys(await loadSecret('OPS_API_KEYS')));
  const route = opsRoutes[event.routeKey];
  if (!route) throw new HttpProblem(404, 'not-found', `no route ${event.routeKey}`);
  logger.appendKeys({ operator: operator.name, correlationId: event.requestContext.requestId });
  logger.info('operator request', { routeKey: event.routeKey });
  return route(event, operator, context);
});
