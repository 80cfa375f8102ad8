/**
 * jxnu signatures (platforms.md): `X-Jxnu-Sign` is the lowercase hex of
 * HMAC-SHA256(appSecret, appId + "\n" + timestamp + "\n" + nonce + "\n" + hex(SHA-256(raw body))),
 * the timestamp in unix milliseconds within 300 s of the hub's clock. A nonce seen in the last
 * `nonceWindowSeconds` is a replay: the handler checks that against its store, after this.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { sameHex } from '../signature-compare.js';

export const jxnuToleranceSeconds = 300;
/** How long a nonce is remembered; a repeat inside it is a replay (401). */
export const nonceWindowSeconds = 600;

export type JxnuSignatureVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing-header' | 'unknown-app' | 'stale-timestamp' | 'bad-signature' };

export interface JxnuSignedParts {
  readonly appId: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly rawBody: string | Buffer;
}

/** The headers as received (undefined when absent). */
export interface JxnuSignatureHeaders {
  readonly appId: string | undefined;
  readonly timestamp: string | undefined;
  readonly nonce: string | undefined;
  readonly sign: string | undefined;
}

export const jxnuStringToSign = (parts: JxnuSignedParts): string =>
  `${parts.appId}\n${parts.timestamp}\n${parts.nonce}\n${createHash('sha256').update(parts.rawBody).digest('hex')}`;

/** The `X-Jxnu-Sign` value a platform sends, for simulators and tests. */
export const signJxnu = (appSecret: string, parts: JxnuSignedParts): string =>
  createHmac('sha256', appSecret).update(jxnuStringToSign(parts), 'utf8').digest('hex');

/** All four headers of a signed request, as the platform sends them (simulators, tests). */
export const signedJxnuHeaders = (input: {
  readonly appId: string;
  readonly appSecret: string;
  readonly rawBody: string | Buffer;
  readonly now: Date;
  readonly nonce?: string;
}): Record<'X-Jxnu-AppId' | 'X-Jxnu-Timestamp' | 'X-Jxnu-Nonce' | 'X-Jxnu-Sign', string> => {
  const timestamp = String(input.now.getTime());
  const nonce = input.nonce ?? randomBytes(16).toString('hex');
  return {
    'X-Jxnu-AppId': input.appId,
    'X-Jxnu-Timestamp': timestamp,
    'X-Jxnu-Nonce': nonce,
    'X-Jxnu-Sign': signJxnu(input.appSecret, { appId: input.appId, timestamp, nonce, rawBody: input.rawBody }),
  };
};

const timestampPattern = /^\d{1,15}$/;

/** The request's `X-Jxnu-Timestamp` as a time: the version time of every record in the batch. */
export const jxnuTimestampToDate = (timestamp: string | undefined): Date | undefined =>
  timestamp !== undefined && timestampPattern.test(timestamp) ? new Date(Number(timestamp)) : undefined;

export const verifyJxnuSignature = (input: {
  /** The app id the hub issued (JXNU_APP_ID). */
  readonly appId: string;
  readonly secret: string;
  readonly headers: JxnuSignatureHeaders;
  readonly rawBody: string | Buffer;
  readonly now: Date;
  readonly toleranceSeconds?: number;
}): JxnuSignatureVerdict => {
  const { appId, timestamp, nonce, sign } = input.headers;
  if (!appId || !timestamp || !nonce || !sign) return { ok: false, reason: 'missing-header' };
  if (appId !== input.appId) return { ok: false, reason: 'unknown-app' };
  const signedAt = jxnuTimestampToDate(timestamp);
  const toleranceMs = (input.toleranceSeconds ?? jxnuToleranceSeconds) * 1000;
  if (!signedAt || Math.abs(input.now.getTime() - signedAt.getTime()) > toleranceMs)
    return { ok: false, reason: 'stale-timestamp' };
  const expected = signJxnu(input.secret, { appId, timestamp, nonce, rawBody: input.rawBody });
  return sameHex(expected, sign.trim()) ? { ok: true } : { ok: false, reason: 'bad-signature' };
};
