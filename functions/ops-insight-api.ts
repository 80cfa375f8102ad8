/**
 * The operators API (`/ops`, hub-api.md), its incident and lookup routes: the failures summary,
 * bulk replay jobs, the person and record lookups, and the ops OpenAPI document. A function of
 * its own so neither ops bundle carries the other's code (the poller's CSV reader there, the
 * OpenAPI generator here).
 */
import { readJobRoute } from './ops/jobs.js';
import { readOpsOpenApi } from './ops/openapi.js';
import { opsHandler, type OpsRoute } from './ops/ops-handler.js';
import { personLookupRoute } from './ops/people.js';
import { recordLookupRoute } from './ops/records.js';
import { replayAllRoute } from './ops/replay-all.js';
import { readFailureSummary } from './ops/summary.js';

export const opsInsightRoutes: Readonly<Record<string, OpsRoute>> = {
  'GET /ops/failures/summary': readFailureSummary,
  'POST /ops/failures/replay': replayAllRoute,
  'GET /ops/jobs/{jobId}': readJobRoute,
  'POST /ops/people/lookup': personLookupRoute,
  'GET /ops/records/{platform}/{recordId}': recordLookupRoute,
  'GET /ops/openapi.json': readOpsOpenApi,
};

export const handler = opsHandler(opsInsightRoutes);
