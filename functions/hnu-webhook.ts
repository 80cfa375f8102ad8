/**
 * `POST /webhooks/hnu`: one event a request (platforms.md). 413 over 1 MiB, 401 for a bad
 * signature or stale timestamp (counted, never stored), 400 for a body that is not JSON (kept
 * as a failure), else 200 `accepted` once the version is durably enqueued, or 200 `rejected`
 * with the fields named (kept as a failure): shared/intake/hnu-delivery.ts.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { receiveHnuDelivery } from '../shared/intake/hnu-delivery.js';
import { describeProblems } from '../shared/result.js';
import { failureStore, rules } from './lib/dependencies.js';
import { completionQueue } from './lib/queue.js';
import { assertBodySize, headerOf, HttpProblem, json, rawBodyOf } from './lib/http.js';
import { httpHandler } from './lib/http-middleware.js';
import { logger } from './lib/observability.js';
import { tally } from './lib/tally.js';
import { personCrypto } from './lib/person-crypto.js';
import { loadSecret } from './lib/secrets.js';

const platform = 'hnu';

const answer = async (event: APIGatewayProxyEventV2) => {
  const receivedAt = new Date();
  const correlationId = event.requestContext.requestId;
  const rawBody = rawBodyOf(event);
  // Before anything else: an oversized body costs no secret or store call.
  assertBodySize(rawBody);
  const crypto = await personCrypto();
  const failures = await failureStore();
  const eventId = headerOf(event, 'x-hnu-event-id');
  const outcome = await receiveHnuDelivery(
    {
      rawBody,
      headers: {
        eventId,
        timestamp: headerOf(event, 'x-hnu-timestamp'),
        signature: headerOf(event, 'x-hnu-signature'),
      },
      receivedAt,
      correlationId,
    },
    {
      secrets: await loadSecret('HNU_WEBHOOK_SECRETS'),
      recordFailures: (list) => failures.record(list),
      enqueue: (versions) => completionQueue().enqueue(versions),
      contextFor: (at, id) => ({ receivedAt: at, now: at, correlationId: id, crypto, rules: rules() }),
    },
  );
  switch (outcome.kind) {
    case 'unauthorized':
      tally(platform, { unauthorized: 1 });
      logger.warn('hnu delivery refused', { reason: outcome.reason });
      throw new HttpProblem(401, 'unauthorized', `signature check failed: ${outcome.reason}`);
    case 'invalid-body': {
      const message = describeProblems(outcome.problems);
      tally(platform, { received: 1, rejected: 1 }, { lastDeliveryAt: receivedAt.toISOString() });
      logger.info('hnu body refused', { correlationId, eventId, reason: message });
      throw new HttpProblem(400, 'invalid-json', message, outcome.problems);
    }
    case 'answered': {
      tally(platform, outcome.counts, { lastDeliveryAt: receivedAt.toISOString() });
      logger.info(`hnu record ${outcome.body.status}`, {
        correlationId,
        eventId,
        recordId: outcome.recordId,
        ...(outcome.body.error ? { reason: outcome.body.error } : {}),
      });
      return json(200, outcome.body);
    }
  }
};

export const handler = httpHandler(answer);
