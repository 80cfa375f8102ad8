/** `GET /ops/openapi.json`: the operators API's OpenAPI 3.1 document, generated from the ops schemas. */
import { opsOpenApiDocument } from '../../shared/api/ops-openapi.js';
import { json } from '../lib/http.js';

export const readOpsOpenApi = async () => json(200, opsOpenApiDocument());
