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
import { localRetryPolicy, postWithRetries, type RetryPolicy } from './http-retry.js';
import type { SendReport } from './hnu.js';
import type { JxnuSend } from './scenario.js';

export interface JxnuSenderOptions {
  readonly hubUrl: string;
  readonly appId: string;
  readonly secret: string;
  readonly batchSize?: number;
  readonly policy?: RetryPolicy;
}

/**
 * Records in batches of at most `size`, in order. Two versions of one xh may share a batch:
 * they share the request's timestamp, and the later record in the batch is the newer
 * (rules.md), so the send order is the version order either way.
 */
export const jxnuBatchesOf = (
  records: readonly Record<string, unknown>[],
  size: number = recordsPerBatchMax,
): Record<string, unknown>[][] => chunksOf(records, size);

export const sendJxnu = async (
  sends: readonly JxnuSend[],
  options: JxnuSenderOptions,
): Promise<SendReport & { readonly batches: number }> => {
  const url = `${options.hubUrl.replace(/\/+$/, '')}/webhooks/jxnu`;
  const batches = jxnuBatchesOf(
    sends.map((s) => s.record),
    options.batchSize ?? recordsPerBatchMax,
  );
  let lastTimestamp = 0;
  let accepted = 0;
  let rejected = 0;
  let retried = 0;
  const gaveUp: string[] = [];
  const rejections: Array<{ recordId: string | undefined; error: string }> = [];
  for (const [n, records] of batches.entries()) {
    const batchNo = `SIM-${String(n + 1).padStart(5, '0')}`;
    const body = JSON.stringify({ batch_no: batchNo, records });
    try {
      const answer = await postWithRetries(
        url,
        () => {
          lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
          return {
            headers: {
              'content-type': 'application/json; charset=utf-8',
              ...signedJxnuHeaders({
                appId: options.appId,
                appSecret: options.secret,
                rawBody: body,
                now: new Date(lastTimestamp),
              }),
            },
            body,
          };
        },
        options.policy ?? localRetryPolicy,
      );
      if (answer.attempts > 1) retried += records.length;
      const results =
        (answer.body as { results?: Array<{ xh?: string; status?: string; error?: string }> }).results ?? [];
      for (const result of results) {
        if (result.status === 'rejected') {
          rejected += 1;
          rejections.push({ recordId: result.xh, error: String(result.error) });
        } else accepted += 1;
      }
    } catch (error) {
      gaveUp.push(`${batchNo}: ${(error as Error).message}`);
    }
  }
  return { sent: sends.length, accepted, rejected, retried, gaveUp, rejections, batches: batches.length };
};
