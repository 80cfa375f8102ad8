/**
 * `POST /webhooks/jxnu`: a batch of up to 500 records (platforms.md). 413 over 1 MiB, 401 for
 * a wrong app id, signature, stale timestamp or replayed nonce (counted, never stored), 400
 * for a body that is no batch (kept as a failure), else 200 with a result per record, sent
 * only once every accepted record is durably enqueued (shared/intake/jxnu-delivery.ts).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createNonceStore } from '../aws/nonce-store.js';
import { receiveJxnuDelivery, type NonceStore } from '../shared/intake/jxnu-delivery.js';
import { bodyBytesMax } from '../shared/request-limits.js';
import { nonceWindowSeconds } from '../shared/platforms/jxnu/signature.js';
import { describeProblems } from '../shared/result.js';
import { failureStore, rules } from './lib/dependencies.js';
import { completionQueue } from './lib/queue.js';
import { headerOf, HttpProblem, json, rawBodyOf } from './lib/http.js';
import { httpHandler } from './lib/http-middleware.js';
import { logger } from './lib/observability.js';
import { once } from './lib/once.js';
import { functionSetting } from './lib/settings.js';
import { tally } from './lib/tally.js';
import { personCrypto } from './lib/person-crypto.js';
import { loadSecret } from './lib/secrets.js';

const platform = 'jxnu';

const nonceStore: () => NonceStore = once(() => createNonceStore(platform, nonceWindowSeconds));

const tooLarge = (bytes: number) =>
  new HttpProblem(413, 'body-too-large', `body is ${bytes} bytes; the limit is ${bodyBytesMax}`);

const answer = async (event: APIGatewayProxyEventV2) => {
  const receivedAt = new Date();
  const correlationId = event.requestContext.requestId;
  const rawBody = rawBodyOf(event);
  // Before anything else: an oversized body costs no secret, nonce or store call.
  if (rawBody.length > bodyBytesMax) throw tooLarge(rawBody.length);
  const crypto = await personCrypto();
  const failures = await failureStore();
  const outcome = await receiveJxnuDelivery(
    {
      rawBody,
      headers: {
        appId: headerOf(event, 'x-jxnu-appid'),
        timestamp: headerOf(event, 'x-jxnu-timestamp'),
        nonce: headerOf(event, 'x-jxnu-nonce'),
        sign: headerOf(event, 'x-jxnu-sign'),
      },
      receivedAt,
      correlationId,
    },
    {
      appId: functionSetting('JXNU_APP_ID'),
      secret: await loadSecret('JXNU_APP_SECRET'),
      nonces: nonceStore(),
      recordFailures: (list) => failures.record(list),
      enqueue: (versions) => completionQueue().enqueue(versions),
      contextFor: (at, id) => ({ receivedAt: at, now: at, correlationId: id, crypto, rules: rules() }),
    },
  );
  switch (outcome.kind) {
    case 'too-large':
      throw tooLarge(outcome.bytes);
    case 'unauthorized':
      tally(platform, { unauthorized: 1 });
      logger.warn('jxnu delivery refused', { reason: outcome.reason });
      throw new HttpProblem(401, 'unauthorized', `delivery refused: ${outcome.reason}`);
    case 'invalid-body': {
      const message = describeProblems(outcome.problems);
      tally(platform, { received: 1, rejected: 1 }, { lastDeliveryAt: receivedAt.toISOString() });
      logger.info('jxnu body refused', { correlationId, reason: message });
      throw new HttpProblem(400, 'invalid-body', message, outcome.problems);
    }
    case 'answered': {
      const { received, accepted, rejected } = outcome.counts;
      tally(platform, outcome.counts, { lastDeliveryAt: receivedAt.toISOString() });
      logger.info('jxnu batch taken', { correlationId, batchNo: outcome.batchNo, received, accepted, rejected });
      return json(200, outcome.body);
    }
  }
};

export const handler = httpHandler(answer);
