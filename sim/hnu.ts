/**
 * The hnu platform's sender: one signed JSON event per request to `{hub}/webhooks/hnu`
 * (platforms.md), a new timestamp and signature on every try, the same X-HNU-Event-Id, and
 * retries on any non-2xx or no answer with backoff (bounded for local use).
 */
import { signHnu } from '../shared/platforms/hnu/signature.js';
import { type Delivered, localRetryPolicy, postWithRetries, type PlatformRetryPolicy } from './http-retry.js';
import type { HnuDelivery } from './scenario.js';

export interface HnuSenderOptions {
  readonly hubUrl: string;
  readonly secret: string;
  /** Deliveries in flight at once (order does not matter to the hub: each carries its own version time). */
  readonly concurrency?: number;
  readonly policy?: PlatformRetryPolicy;
}

export interface SendReport {
  readonly sent: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Deliveries that needed more than one try. */
  readonly retried: number;
  /** Deliveries given up on after every try (the error of each). */
  readonly gaveUp: readonly string[];
  /** Rejected records with the hub's reason. */
  readonly rejections: ReadonlyArray<{ readonly recordId: string | undefined; readonly error: string }>;
}

export const hnuConcurrencyDefault = 8;

/** The hnu webhook's address on a hub. */
export const hnuWebhookUrl = (hubUrl: string): string => `${hubUrl.replace(/\/+$/, '')}/webhooks/hnu`;

/** One delivery POSTed as hnu sends it: a new timestamp and signature on every try, the same event id. */
export const postHnu = (
  hubUrl: string,
  delivery: HnuDelivery,
  secret: string,
  policy: PlatformRetryPolicy = localRetryPolicy,
): Promise<Delivered> => {
  const body = JSON.stringify(delivery.body);
  return postWithRetries(
    hnuWebhookUrl(hubUrl),
    () => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        headers: {
          'content-type': 'application/json',
          'x-hnu-event-id': delivery.eventId,
          'x-hnu-timestamp': timestamp,
          'x-hnu-signature': signHnu(secret, timestamp, body),
        },
        body,
      };
    },
    policy,
  );
};

export const sendHnu = async (deliveries: readonly HnuDelivery[], options: HnuSenderOptions): Promise<SendReport> => {
  let next = 0;
  let accepted = 0;
  let rejected = 0;
  let retried = 0;
  const gaveUp: string[] = [];
  const rejections: Array<{ recordId: string | undefined; error: string }> = [];
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++] as HnuDelivery;
      try {
        const answer = await postHnu(options.hubUrl, delivery, options.secret, options.policy);
        if (answer.attempts > 1) retried += 1;
        const status = (answer.body as { status?: string; error?: string }).status;
        if (status === 'rejected') {
          rejected += 1;
          rejections.push({
            recordId: (delivery.body.data as { recordId?: string } | undefined)?.recordId,
            error: String((answer.body as { error?: string }).error),
          });
        } else accepted += 1;
      } catch (error) {
        gaveUp.push(`${delivery.eventId}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? hnuConcurrencyDefault) }, worker));
  return { sent: deliveries.length, accepted, rejected, retried, gaveUp, rejections };
};
