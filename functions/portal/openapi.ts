/** `GET /v1/openapi.json`: the OpenAPI 3.1 document, generated from the request schemas. */
import { portalOpenApiDocument } from '../../shared/api/openapi.js';
import { json } from '../lib/http.js';

export const readOpenApi = async () => json(200, portalOpenApiDocument());
