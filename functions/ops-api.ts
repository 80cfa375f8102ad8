/**
 * The operators API (`/ops`, hub-api.md), its everyday routes: health, the failure list and a
 * single replay, dead-letter redrive, poll now (functions/ops-insight-api.ts serves the incident,
 * lookup and audit routes). The ops routes emit no platform metrics (see functions/ops/replay.ts).
 */
import { listFailures } from './ops/failures.js';
import { readHealth } from './ops/health.js';
import { opsHandler, type OpsRoute } from './ops/ops-handler.js';
import { pollNowRoute } from './ops/poll-now.js';
import { redriveRoute } from './ops/redrive.js';
import { replayFailureRoute } from './ops/replay.js';

export const opsRoutes: Readonly<Record<string, OpsRoute>> = {
  'GET /ops/health': readHealth,
  'GET /ops/failures': listFailures,
  'POST /ops/failures/{failureId}/replay': replayFailureRoute,
  'POST /ops/dead-letters/redrive': redriveRoute,
  'POST /ops/pollers/wangti/run': (_event, _operator, context) => pollNowRoute(context),
};

export const handler = opsHandler(opsRoutes);
