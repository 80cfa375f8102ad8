/**
 * `GET /ops/console`: the operators' console page (console/, built into ops-console/assets.ts).
 * The page itself is public and holds no data: it asks for the ops key and calls the /ops API
 * with it from the browser, so this function needs no key, table or queue.
 */
import { httpHandler } from './lib/http-middleware.js';
import { consoleHeaders, consoleHtml } from './ops-console/page.js';

export const handler = httpHandler(async () => ({ statusCode: 200, headers: { ...consoleHeaders }, body: consoleHtml }));
