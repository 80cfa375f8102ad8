/**
 * `GET /ops/console`: the operators' console page (console/, built into ops-console/assets.ts).
 * The page itself is public and holds no data: it asks for the ops key and calls the /ops API
 * with it from the browser, so this function needs no key, table or queue. It answers the same
 * constant page every time and cannot fail, so it carries none of the invocation plumbing
 * (metrics, activity counters, error format) the other handlers share; the API's access log
 * records each request.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { consoleHeaders, consoleHtml } from './ops-console/page.js';

export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { ...consoleHeaders },
  body: consoleHtml,
});
