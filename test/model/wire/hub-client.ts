/** The running hub as the platforms, the portal and operators reach it: over HTTP only. */
import type { AdjustmentDelivery, HnuDelivery, JxnuDelivery } from '../deliveries.js';
import { answerOf, type Answer } from '../../support/answer.js';
import { hnuHeaders, jxnuHeaders } from './sign.js';

export type { Answer } from '../../support/answer.js';

export interface HubAccess {
  readonly baseUrl: string;
  readonly hnuSecret: string;
  readonly jxnuAppId: string;
  readonly jxnuAppSecret: string;
  readonly portalKey: string;
  readonly opsKey: string;
}

export const sendHnu = async (hub: HubAccess, delivery: HnuDelivery): Promise<Answer> => {
  const raw = JSON.stringify(delivery.body);
  return answerOf(
    await fetch(`${hub.baseUrl}/webhooks/hnu`, {
      method: 'POST',
      headers: hnuHeaders(hub.hnuSecret, delivery.eventId, raw, Date.now()),
      body: raw,
    }),
  );
};

export const sendJxnu = async (hub: HubAccess, delivery: JxnuDelivery): Promise<Answer> => {
  const raw = JSON.stringify(delivery.body);
  return answerOf(
    await fetch(`${hub.baseUrl}/webhooks/jxnu`, {
      method: 'POST',
      headers: jxnuHeaders(hub.jxnuAppId, hub.jxnuAppSecret, delivery.timestampMs, raw),
      body: raw,
    }),
  );
};

export const sendAdjustment = async (hub: HubAccess, delivery: AdjustmentDelivery): Promise<Answer> =>
  delivery.action === 'post'
    ? portalPost(hub, '/v1/adjustments', delivery.body)
    : portalPost(hub, `/v1/adjustments/${encodeURIComponent(delivery.adjustmentId)}/revoke`, {});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

export const portalPost = async (hub: HubAccess, path: string, body: unknown): Promise<Answer> =>
  answerOf(
    await fetch(`${hub.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(hub.portalKey) },
      body: JSON.stringify(body),
    }),
  );

export const portalGet = async (hub: HubAccess, path: string): Promise<Answer> =>
  answerOf(await fetch(`${hub.baseUrl}${path}`, { headers: bearer(hub.portalKey) }));

export const opsGet = async (hub: HubAccess, path: string): Promise<Answer> =>
  answerOf(await fetch(`${hub.baseUrl}${path}`, { headers: bearer(hub.opsKey) }));

export const opsPost = async (hub: HubAccess, path: string): Promise<Answer> =>
  answerOf(await fetch(`${hub.baseUrl}${path}`, { method: 'POST', headers: bearer(hub.opsKey) }));

export interface HubFailure {
  readonly id: string;
  readonly platform: string;
  readonly recordId: string | null;
  readonly message: string;
  readonly failedAt: string;
}

const failuresPageSize = 200;

/** Every failure of a platform recorded since `sinceIso`, newest first. */
export const failuresSince = async (hub: HubAccess, platform: string, sinceIso: string): Promise<HubFailure[]> => {
  const found: HubFailure[] = [];
  let cursor: string | null = null;
  for (;;) {
    const answer = await opsGet(
      hub,
      `/ops/failures?platform=${platform}&limit=${failuresPageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (answer.status !== 200)
      throw new Error(`GET /ops/failures answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const page = answer.body.failures as HubFailure[];
    found.push(...page.filter((f) => f.failedAt >= sinceIso));
    cursor = answer.body.nextCursor;
    if (!cursor || page.length === 0 || page[page.length - 1]!.failedAt < sinceIso) return found;
  }
};
