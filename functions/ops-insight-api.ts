/**
 * The operators API (`/ops`, hub-api.md), its incident and lookup routes: the failures summary,
 * bulk replay jobs, the person and record lookups, and the year's audit (it reads ledgers, as the
 * lookups do). A function of its own so that no ops bundle
 * carries another's code (the poller's there, the lookups' here, the OpenAPI generator in
 * functions/ops-documents.ts).
 */
import { auditRoute } from './ops/audit.js';
import { readJobRoute } from './ops/jobs.js';
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
  'GET /ops/audit': auditRoute,
};

export const handler = opsHandler(opsInsightRoutes);
