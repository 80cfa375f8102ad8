/**
 * `GET /ops/failures?platform=&reason=&cursor=&limit=`: newest first over the `byPlatform`
 * index (one scan per platform without a platform filter, merged: shared/ops/failure-page.ts),
 * then the page's items read by id and shown with their payload opened and masked
 * (shared/ops/failure-view.ts).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  decodeFailureCursor,
  encodeFailureCursor,
  failurePlatforms,
  mergeFailureScans,
} from '../../shared/ops/failure-page.js';
import { failureViewOf, type FailuresPage } from '../../shared/ops/failure-view.js';
import { failuresQuerySchema } from '../../shared/ops/params.js';
import { json, parseWith } from '../lib/http.js';
import { logger } from '../lib/observability.js';
import { personCrypto } from '../lib/person-crypto.js';
import { failureAdmin } from './stores.js';

export const listFailures = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const query = parseWith(failuresQuerySchema, event.queryStringParameters ?? {}, 'query');
  const before = query.cursor === undefined ? undefined : decodeFailureCursor(query.cursor);
  const admin = failureAdmin();
  const platforms = query.platform === undefined ? failurePlatforms : [query.platform];
  const scans = await Promise.all(
    platforms.map((platform) =>
      admin.scan({
        platform,
        limit: query.limit,
        ...(before === undefined ? {} : { before }),
        ...(query.reason === undefined ? {} : { reason: query.reason }),
      }),
    ),
  );
  const page = mergeFailureScans(scans, query.limit);
  const stored = await admin.getMany(page.items.map((item) => item.failureId));
  const crypto = await personCrypto();
  const failures = stored.map((failure) => failureViewOf(failure, crypto.decrypt));
  const unopened = failures.filter((failure) => failure.input === null);
  if (unopened.length > 0) logger.error('failure payloads that do not open', { failureIds: unopened.map((f) => f.id) });
  const body: FailuresPage = { failures, nextCursor: page.next === null ? null : encodeFailureCursor(page.next) };
  return json(200, body);
};
