/**
 * The operators API's documents: `GET /ops/openapi.json` (functions/ops/openapi.ts), behind the
 * same ops key as every /ops route. A function of its own: the OpenAPI generator and every ops
 * schema would push another ops bundle past the size goal.
 */
import { readOpsOpenApi } from './ops/openapi.js';
import { opsHandler, type OpsRoute } from './ops/ops-handler.js';

export const opsDocumentRoutes: Readonly<Record<string, OpsRoute>> = {
  'GET /ops/openapi.json': readOpsOpenApi,
};

export const handler = opsHandler(opsDocumentRoutes);
