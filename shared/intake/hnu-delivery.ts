/**
 * An hnu delivery (platforms.md), one event a request, from raw request to answer, with the
 * stores passed in as ports (the shape of jxnu-delivery.ts): size (413) first, then the
 * signature and timestamp (401, counted, never stored), then the body: one that is not JSON is
 * kept as a failure and answered 400; a bad event is kept as a failure and answered 200
 * `rejected`, since hnu retries every non-2xx for 24 hours and no retry mends bad content. An
 * accepted version is durably enqueued before the answer; a failure to enqueue throws (5xx:
 * the platform retries the event, and the ledger dedupes it).
 */
import type { CompletionVersion } from '../completion.js';
import type { NewFailure } from '../failures.js';
import { normaliseHnuEvent } from '../platforms/hnu/adapter.js';
import { verifyHnuSignature, type HnuSignatureVerdict } from '../platforms/hnu/signature.js';
import type { NormaliseContext } from '../platforms/normalise-context.js';
import { describeProblems, type FieldProblem } from '../result.js';
import type { DeliveryCounts } from './delivery-counts.js';
import { otherTopicsIn, recordFailureOf, sentField } from './record-failure.js';

export interface HnuDeliveryPorts {
  readonly secrets: readonly string[];
  readonly recordFailures: (failures: readonly NewFailure[]) => Promise<void>;
  /** Resolves only once the version is durably on the completions queue. */
  readonly enqueue: (versions: readonly CompletionVersion[]) => Promise<void>;
  readonly contextFor: (receivedAt: Date, correlationId: string) => NormaliseContext;
}

export interface HnuDeliveryRequest {
  readonly rawBody: Buffer;
  readonly headers: {
    readonly eventId: string | undefined;
    readonly timestamp: string | undefined;
    readonly signature: string | undefined;
  };
  readonly receivedAt: Date;
  readonly correlationId: string;
}

export type HnuDeliveryOutcome =
  | { readonly kind: 'unauthorized'; readonly reason: Extract<HnuSignatureVerdict, { ok: false }>['reason'] }
  | { readonly kind: 'invalid-body'; readonly problems: readonly FieldProblem[] }
  | {
      readonly kind: 'answered';
      readonly body: {
        readonly eventId: string | undefined;
        readonly status: 'accepted' | 'rejected';
        readonly error?: string;
        readonly details?: readonly FieldProblem[];
      };
      readonly counts: DeliveryCounts;
      readonly recordId: string | undefined;
    };

const jsonOf = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const receiveHnuDelivery = async (
  request: HnuDeliveryRequest,
  ports: HnuDeliveryPorts,
): Promise<HnuDeliveryOutcome> => {
  const { rawBody, headers, receivedAt, correlationId } = request;
  const verdict = verifyHnuSignature({
    secrets: ports.secrets,
    timestamp: headers.timestamp,
    signature: headers.signature,
    rawBody,
    now: receivedAt,
  });
  if (!verdict.ok) return { kind: 'unauthorized', reason: verdict.reason };

  const text = rawBody.toString('utf8');
  const body = jsonOf(text);
  const receivedIso = receivedAt.toISOString();
  if (!body.ok) {
    const problems = [{ field: 'body', message: 'is not valid JSON' }];
    await ports.recordFailures([
      {
        platform: 'hnu',
        stage: 'webhook',
        reasonCode: 'invalid-body',
        message: describeProblems(problems),
        correlationId,
        input: { kind: 'hnu-event', body: text, receivedAt: receivedIso },
      },
    ]);
    return { kind: 'invalid-body', problems };
  }

  const context = ports.contextFor(receivedAt, correlationId);
  const normalised = normaliseHnuEvent(body.value, context);
  const recordId = textOf(sentField(body.value, 'data', 'recordId'));
  if (!normalised.ok) {
    const failure = recordFailureOf(
      {
        platform: 'hnu',
        problems: normalised.problems,
        correlationId,
        recordId,
        idCardSent: sentField(body.value, 'data', 'learner', 'idCardNo'),
        input: { kind: 'hnu-event', body: body.value, receivedAt: receivedIso },
      },
      context.crypto,
    );
    await ports.recordFailures([failure]);
    return {
      kind: 'answered',
      body: { eventId: headers.eventId, status: 'rejected', error: failure.message, details: normalised.problems },
      counts: { received: 1, accepted: 0, rejected: 1, otherTopic: 0 },
      recordId,
    };
  }
  await ports.enqueue([normalised.value]);
  return {
    kind: 'answered',
    body: { eventId: headers.eventId, status: 'accepted' },
    counts: { received: 1, accepted: 1, rejected: 0, otherTopic: otherTopicsIn([normalised.value]) },
    recordId: normalised.value.recordId,
  };
};
