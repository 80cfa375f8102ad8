/** The portal API (`/v1`): bearer key per consumer, then the route's own module. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parseConsumerKeys, authenticate, type Consumer } from './lib/bearer-auth.js';
import { HttpProblem } from './lib/http.js';
import { httpHandler } from './lib/http-middleware.js';
import { logger } from './lib/observability.js';
import { loadSecret } from './lib/secrets.js';
import { postAdjustmentRoute, revokeAdjustmentRoute } from './portal/adjustments.js';
import { readOpenApi } from './portal/openapi.js';
import { queryLedgers } from './portal/query-ledgers.js';
import { readChanges } from './portal/read-changes.js';
import { readTranscript } from './portal/read-transcript.js';

type Route = (event: APIGatewayProxyEventV2, consumer: Consumer) => Promise<APIGatewayProxyStructuredResultV2>;

/** Keyed by the API Gateway route key, exactly as in infra/topology.ts. */
export const portalRoutes: Readonly<Record<string, Route>> = {
  'POST /v1/ledgers/query': queryLedgers,
  'GET /v1/ledgers/{year}/people/{personRef}/entries': readTranscript,
  'GET /v1/ledgers/{year}/changes': readChanges,
  'POST /v1/adjustments': postAdjustmentRoute,
  'POST /v1/adjustments/{adjustmentId}/revoke': revokeAdjustmentRoute,
  'GET /v1/openapi.json': readOpenApi,
};

export const handler = httpHandler(async (event) => {
  const consumer = authenticate(event, parseConsumerKeys(await loadSecret('PORTAL_API_KEYS')));
  const route = portalRoutes[event.routeKey];
  if (!route) throw new HttpProblem(404, 'not-found', `no route ${event.routeKey}`);
  logger.appendKeys({ consumer: consumer.name });
  return route(event, consumer);
});
