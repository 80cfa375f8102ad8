/**
 * The jxnu platform's sender: batches of up to 500 records to `{hub}/webhooks/jxnu`
 * (platforms.md), signed over app id, millisecond timestamp, a nonce unique per request and
 * the body's hash; any non-2xx or no answer sends the whole batch again (new timestamp,
 * nonce and signature) with backoff. Batches go one after another, timestamps strictly
 * increasing: a record's version time is its request's timestamp, so order is meaning.
 */
import { chunksOf } from '../shared/in-flight.js';
import { recordsPerBatchMax } from '../shared/platforms/jxnu/batch.js';
import { signedJxnuHeaders } from '../shared/platforms/jxnu/signature.js';
import { type Delivered, localRetryPolicy, postWithRetries, type PlatformRetryPolicy } from './http-retry.js';
import type { JxnuSend } from './scenario.js';
import { createSendTally, type SendReport } from './send-report.js';

export interface JxnuCredentials {
  readonly appId: string;
  readonly secret: string;
}

export interface JxnuSenderOptions extends JxnuCredentials {
  readonly hubUrl: string;
  readonly batchSize?: number;
  readonly policy?: PlatformRetryPolicy;
  /** Names the batches: `{label}-000001`, ... (default SIM). */
  readonly batchLabel?: string;
  /** Times a batch (by index) is sent: more than once as a platform that missed the answer (default 1). */
  readonly copiesOf?: (batch: number) => number;
}

/** A batch's `batch_no`: the label and its number from 1. */
export const jxnuBatchNoOf = (label: string, index: number): string => `${label}-${String(index + 1).padStart(6, '0')}`;

/**
 * Records in batches of at most `size`, in order. Two versions of one xh may share a batch:
 * they share the request's timestamp, and the later record in the batch is the newer
 * (rules.md), so the send order is the version order either way.
 */
export const jxnuBatchesOf = (
  records: readonly Record<string, unknown>[],
  size: number = recordsPerBatchMax,
): Record<string, unknown>[][] => chunksOf(records, size);

/** Posts one batch to a hub (with retries), as jxnu does. */
export type JxnuPost = (
  hubUrl: string,
  batchNo: string,
  records: readonly Record<string, unknown>[],
) => Promise<Delivered>;

/**
 * One jxnu client: every try of every batch it posts is signed with a timestamp strictly after
 * the one before, even within a millisecond, since a record's version time is its request's
 * timestamp. Batches must go one after another through one client.
 */
export const createJxnuClient = (
  credentials: JxnuCredentials,
  policy: PlatformRetryPolicy = localRetryPolicy,
): JxnuPost => {
  let lastTimestamp = 0;
  return (hubUrl, batchNo, records) => {
    const body = JSON.stringify({ batch_no: batchNo, records });
    return postWithRetries(
      `${hubUrl.replace(/\/+$/, '')}/webhooks/jxnu`,
      () => {
        lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
        return {
          headers: {
            'content-type': 'application/json; charset=utf-8',
            ...signedJxnuHeaders({
              appId: credentials.appId,
              appSecret: credentials.secret,
              rawBody: body,
              now: new Date(lastTimestamp),
            }),
          },
          body,
        };
      },
      policy,
    );
  };
};

type JxnuResult = { xh?: string; status?: string; error?: string };

export const sendJxnu = async (
  sends: readonly JxnuSend[],
  options: JxnuSenderOptions,
): Promise<SendReport & { readonly batches: number; readonly batchesRetried: number }> => {
  const post = createJxnuClient(options, options.policy);
  const batches = jxnuBatchesOf(
    sends.map((s) => s.record),
    options.batchSize ?? recordsPerBatchMax,
  );
  const tally = createSendTally();
  let batchesRetried = 0;
  for (const [n, records] of batches.entries()) {
    const batchNo = jxnuBatchNoOf(options.batchLabel ?? 'SIM', n);
    for (let copy = 0; copy < (options.copiesOf?.(n) ?? 1); copy += 1) {
      try {
        const answer = await post(options.hubUrl, batchNo, records);
        if (answer.attempts > 1) {
          tally.retried(records.length);
          batchesRetried += 1;
        }
        for (const result of (answer.body as { results?: JxnuResult[] }).results ?? [])
          tally.answered(result.xh, result.status, result.error);
      } catch (error) {
        tally.gaveUp(`${batchNo}: ${(error as Error).message}`);
      }
    }
  }
  return { ...tally.report(sends.length), batches: batches.length, batchesRetried };
};
