/**
 * The operators API's one entry behaviour (hub-api.md `/ops`), for every function that serves ops
 * routes: bearer key from OPS_API_KEYS, then the route's own module. Every answer, errors
 * included, is in the hub's format; logs carry the operator's key name and the request id as
 * correlation id.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { authenticate, parseConsumerKeys, type Consumer } from '../lib/bearer-auth.js';
import { HttpProblem } from '../lib/http.js';
import { httpHandler } from '../lib/http-middleware.js';
import { logger } from '../lib/observability.js';
import { loadSecret } from '../lib/secrets.js';

export type OpsRoute = (
  event: APIGatewayProxyEventV2,
  operator: Consumer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** `routes` keyed by the API Gateway route key, exactly as in infra/topology.ts. */
export const opsHandler = (routes: Readonly<Record<string, OpsRoute>>) =>
  httpHandler(async (event, context) => {
    const operator = authenticate(event, parseConsumerKeys(await loadSecret('OPS_API_KEYS')));
    const route = routes[event.routeKey];
    if (!route) throw new HttpProblem(404, 'not-found', `no route ${event.routeKey}`);
    logger.appendKeys({ operator: operator.name, correlationId: event.requestContext.requestId });
    logger.info('operator request', { routeKey: event.routeKey });
    return route(event, operator, context);
  });
