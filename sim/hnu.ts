/**
 * The hnu platform's sender: one signed JSON event per request to `{hub}/webhooks/hnu`
 * (platforms.md), a new timestamp and signature on every try, the same X-HNU-Event-Id, and
 * retries on any non-2xx or no answer with backoff (bounded for local use).
 */
import { signHnu } from '../shared/platforms/hnu/signature.js';
import { type Delivered, localRetryPolicy, postWithRetries, type PlatformRetryPolicy } from './http-retry.js';
import type { HnuDelivery } from './scenario.js';
import { createSendTally, type SendReport } from './send-report.js';

export interface HnuSenderOptions {
  readonly hubUrl: string;
  readonly secret: string;
  /** Deliveries in flight at once (order does not matter to the hub: each carries its own version time). */
  readonly concurrency?: number;
  readonly policy?: PlatformRetryPolicy;
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
  const tally = createSendTally();
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++] as HnuDelivery;
      try {
        const answer = await postHnu(options.hubUrl, delivery, options.secret, options.policy);
        if (answer.attempts > 1) tally.retried(1);
        const { status, error } = answer.body as { status?: string; error?: string };
        tally.answered((delivery.body.data as { recordId?: string } | undefined)?.recordId, status, error);
      } catch (error) {
        tally.gaveUp(`${delivery.eventId}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? hnuConcurrencyDefault) }, worker));
  return tally.report(deliveries.length);
};
