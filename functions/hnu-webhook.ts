/**
 * `POST /webhooks/hnu`: verify the signature, normalise the event, and answer only once it
 * is durably enqueued. A bad record is kept as a failure and answered 200 with status
 * `rejected`: hnu retries every non-2xx for 24 hours, and no retry can mend bad content.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { verifyHnuSignature } from '../shared/platforms/hnu/signature.js';
import { normaliseHnuEvent } from '../shared/platforms/hnu/adapter.js';
import { describeProblems } from '../shared/result.js';
import { activity, failureStore, rules } from './lib/dependencies.js';
import { completionQueue } from './lib/queue.js';
import { assertBodySize, headerOf, HttpProblem, json, rawBodyOf } from './lib/http.js';
import { httpHandler } from './lib/http-middleware.js';
import { countFor, logger, metricNames } from './lib/observability.js';
import { personCrypto } from './lib/person-crypto.js';
import { loadSecret } from './lib/secrets.js';

const platform = 'hnu';

const parseJson = (raw: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
};

const answer = async (event: APIGatewayProxyEventV2) => {
  const receivedAt = new Date();
  const raw = rawBodyOf(event);
  assertBodySize(raw);
  const verdict = verifyHnuSignature({
    secrets: await loadSecret('HNU_WEBHOOK_SECRETS'),
    timestamp: headerOf(event, 'x-hnu-timestamp'),
    signature: headerOf(event, 'x-hnu-signature'),
    rawBody: raw,
    now: receivedAt,
  });
  if (!verdict.ok) {
    countFor(platform, { [metricNames.unauthorized]: 1 });
    activity().note(platform, { unauthorized: 1 });
    logger.warn('hnu delivery refused', { reason: verdict.reason });
    throw new HttpProblem(401, 'unauthorized', `signature check failed: ${verdict.reason}`);
  }
  const correlationId = event.requestContext.requestId;
  const eventId = headerOf(event, 'x-hnu-event-id');
  activity().note(platform, { received: 1 }, { lastDeliveryAt: receivedAt.toISOString() });
  countFor(platform, { [metricNames.received]: 1 });
  const text = raw.toString('utf8');
  const body = parseJson(text);
  if (!body.ok) {
    await (await failureStore()).record([{ platform, stage: 'webhook', reasonCode: 'invalid-body', message: 'body is not valid JSON', correlationId, input: { kind: 'hnu-event', body: text, receivedAt: receivedAt.toISOString() } }]);
    activity().note(platform, { rejected: 1 });
    throw new HttpProblem(400, 'invalid-json', 'body is not valid JSON');
  }
  const normalised = normaliseHnuEvent(body.value, { receivedAt, now: receivedAt, correlationId, crypto: await personCrypto(), rules: rules() });
  if (!normalised.ok) {
    const message = describeProblems(normalised.problems);
    const recordId = (body.value as { data?: { recordId?: unknown } })?.data?.recordId;
    await (await failureStore()).record([{ platform, stage: 'record', reasonCode: 'invalid-record', message, correlationId, ...(typeof recordId === 'string' ? { recordId } : {}), input: { kind: 'hnu-event', body: body.value, receivedAt: receivedAt.toISOString() } }]);
    countFor(platform, { [metricNames.rejected]: 1 });
    activity().note(platform, { rejected: 1 });
    logger.info('hnu record rejected', { correlationId, eventId, reason: message });
    return json(200, { eventId, status: 'rejected', error: message, details: normalised.problems });
  }
  await completionQueue().enqueue([normalised.value]);
  countFor(platform, { [metricNames.accepted]: 1 });
  activity().note(platform, { accepted: 1 });
  logger.info('hnu record accepted', { correlationId, eventId, recordId: normalised.value.recordId });
  return json(200, { eventId, status: 'accepted' });
};

export const handler = httpHandler(async (event) => {
  try {
    return await answer(event);
  } finally {
    await activity().flush().catch((error: unknown) => logger.warn('activity counters not written', { error: error as Error }));
  }
});
