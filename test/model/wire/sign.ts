/** Request signing as platforms.md states it, written from the spec (not the hub's signing code). */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** hnu: `v1=` + hex HMAC-SHA256(secret, `{timestamp}.{raw body}`), timestamp in unix seconds. */
export const hnuHeaders = (secret: string, eventId: string, rawBody: string, nowMs: number): Record<string, string> => {
  const timestamp = String(Math.floor(nowMs / 1000));
  const hex = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return {
    'content-type': 'application/json',
    'x-hnu-event-id': eventId,
    'x-hnu-timestamp': timestamp,
    'x-hnu-signature': `v1=${hex}`,
  };
};

/** jxnu: lowercase hex HMAC-SHA256(appSecret, appId \n timestamp \n nonce \n hex(SHA-256(raw body))), timestamp in unix ms. */
export const jxnuHeaders = (
  appId: string,
  appSecret: string,
  timestampMs: number,
  rawBody: string,
): Record<string, string> => {
  const timestamp = String(timestampMs);
  const nonce = randomBytes(12).toString('hex');
  const bodyHash = createHash('sha256').update(rawBody).digest('hex');
  const sign = createHmac('sha256', appSecret).update(`${appId}\n${timestamp}\n${nonce}\n${bodyHash}`).digest('hex');
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-jxnu-appid': appId,
    'x-jxnu-timestamp': timestamp,
    'x-jxnu-nonce': nonce,
    'x-jxnu-sign': sign,
  };
};
