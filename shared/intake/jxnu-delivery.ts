/**
 * A jxnu delivery (platforms.md), from raw request to answer, with the stores passed in as
 * ports so it runs in milliseconds in tests: size (413) before anything else, then the
 * signature and timestamp, then the nonce (claimed only once the signature checks out, so
 * unsigned junk cannot burn nonces), then the batch (400 when it is no batch), then a result
 * per record in order. Rejected records are kept as failures; accepted versions are durably
 * enqueued before the answer, so a failure to enqueue throws and the platform retries the
 * whole batch (the ledger dedupes it).
 */
import type { CompletionVersion } from '../completion.js';
import type { NewFailure } from '../failures.js';
import { jxnuBatchAnswer, jxnuRecordResultOf, parseJxnuBatch, type JxnuRecordResult } from '../platforms/jxnu/batch.js';
import { bodyBytesMax } from '../request-limits.js';
import { normaliseJxnuRecord } from '../platforms/jxnu/adapter.js';
import { jxnuTimestampToDate, verifyJxnuSignature, type JxnuSignatureHeaders } from '../platforms/jxnu/signature.js';
import type { NormaliseContext } from '../platforms/normalise-context.js';
import { describeProblems, type FieldProblem } from '../result.js';
import { otherTopicsIn, recordFailureOf, sentField } from './record-failure.js';
import type { DeliveryCounts } from './delivery-counts.js';

/** A nonce is an opaque token; longer than this is not one (and would not fit a DynamoDB key). */
export const nonceLengthMax = 128;

export type NonceClaim = 'first-use' | 'replay';

/** Remembers nonces for the replay window (aws/nonce-store.ts: a conditional PutItem with a TTL). */
export interface NonceStore {
  claim(nonce: string, now: Date): Promise<NonceClaim>;
}

export interface JxnuDeliveryPorts {
  readonly appId: string;
  readonly secret: string;
  readonly nonces: NonceStore;
  readonly recordFailures: (failures: readonly NewFailure[]) => Promise<void>;
  /** Resolves only once every version is durably on the completions queue. */
  readonly enqueue: (versions: readonly CompletionVersion[]) => Promise<void>;
  /** The adapters' context (crypto, rules) for this delivery. */
  readonly contextFor: (receivedAt: Date, correlationId: string) => NormaliseContext;
}

export interface JxnuDeliveryRequest {
  readonly rawBody: Buffer;
  readonly headers: JxnuSignatureHeaders;
  readonly receivedAt: Date;
  readonly correlationId: string;
}

export type JxnuUnauthorizedReason =
  | 'missing-header'
  | 'unknown-app'
  | 'stale-timestamp'
  | 'bad-signature'
  | 'malformed-nonce'
  | 'replayed-nonce';

export type JxnuDeliveryOutcome =
  | { readonly kind: 'too-large'; readonly bytes: number }
  | { readonly kind: 'unauthorized'; readonly reason: JxnuUnauthorizedReason }
  | { readonly kind: 'invalid-body'; readonly problems: readonly FieldProblem[] }
  | {
      readonly kind: 'answered';
      readonly body: ReturnType<typeof jxnuBatchAnswer>;
      readonly counts: DeliveryCounts;
      readonly batchNo: string | undefined;
    };

const noncePattern = /^[\x21-\x7e]+$/;

export const receiveJxnuDelivery = async (
  request: JxnuDeliveryRequest,
  ports: JxnuDeliveryPorts,
): Promise<JxnuDeliveryOutcome> => {
  const { rawBody, headers, receivedAt, correlationId } = request;
  if (rawBody.length > bodyBytesMax) return { kind: 'too-large', bytes: rawBody.length };

  const verdict = verifyJxnuSignature({ appId: ports.appId, secret: ports.secret, headers, rawBody, now: receivedAt });
  if (!verdict.ok) return { kind: 'unauthorized', reason: verdict.reason };
  const nonce = headers.nonce ?? '';
  if (nonce.length > nonceLengthMax || !noncePattern.test(nonce))
    return { kind: 'unauthorized', reason: 'malformed-nonce' };
  if ((await ports.nonces.claim(nonce, receivedAt)) === 'replay')
    return { kind: 'unauthorized', reason: 'replayed-nonce' };

  // The signature checked the timestamp; it is every record's version time.
  const versionAt = jxnuTimestampToDate(headers.timestamp) as Date;
  const batch = parseJxnuBatch(rawBody);
  if (!batch.ok) {
    const text = rawBody.toString('utf8');
    await ports.recordFailures([
      {
        platform: 'jxnu',
        stage: 'webhook',
        reasonCode: 'invalid-body',
        message: describeProblems(batch.problems),
        correlationId,
        input: {
          kind: 'none',
          payload: { body: text, versionAt: versionAt.toISOString(), receivedAt: receivedAt.toISOString() },
        },
      },
    ]);
    return { kind: 'invalid-body', problems: batch.problems };
  }

  const context = ports.contextFor(receivedAt, correlationId);
  const results: JxnuRecordResult[] = [];
  const versions: CompletionVersion[] = [];
  const failures: NewFailure[] = [];
  batch.records.forEach((record, index) => {
    const { xh, result } = normaliseJxnuRecord(record, index, versionAt, context);
    results.push(jxnuRecordResultOf(xh, result));
    if (result.ok) {
      versions.push(result.value);
      return;
    }
    const input = {
      kind: 'jxnu-record' as const,
      record,
      index,
      versionAt: versionAt.toISOString(),
      receivedAt: receivedAt.toISOString(),
    };
    failures.push(
      recordFailureOf(
        {
          platform: 'jxnu',
          problems: result.problems,
          correlationId,
          recordId: xh,
          idCardSent: sentField(record, 'sfzh'),
          input: batch.batchNo === undefined ? input : { ...input, batchNo: batch.batchNo },
        },
        context.crypto,
      ),
    );
  });

  // Both must be durable before the answer; either failing throws (5xx: the platform retries the batch).
  await Promise.all([
    versions.length > 0 ? ports.enqueue(versions) : undefined,
    failures.length > 0 ? ports.recordFailures(failures) : undefined,
  ]);
  return {
    kind: 'answered',
    body: jxnuBatchAnswer(batch.batchNo, results),
    counts: {
      received: batch.records.length,
      accepted: versions.length,
      rejected: failures.length,
      otherTopic: otherTopicsIn(versions),
    },
    batchNo: batch.batchNo,
  };
};
