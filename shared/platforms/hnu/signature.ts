/**
 * hnu signatures (platforms.md): `X-HNU-Signature: v1=<hex>` where hex is
 * HMAC-SHA256(secret, `{timestamp}.{raw body}`); several `v1=` values during a rotation, one
 * match is enough; the timestamp within 300 s of the hub's clock.
 */
import { createHmac } from 'node:crypto';
import { sameHex } from '../signature-compare.js';

export const hnuToleranceSeconds = 300;

export type HnuSignatureVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing-header' | 'stale-timestamp' | 'bad-signature' };

export const hnuSignatureHex = (secret: string, timestamp: string, rawBody: string | Buffer): string =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');

/** The header value a platform sends, for simulators and tests. */
export const signHnu = (secret: string, timestamp: string, rawBody: string | Buffer): string =>
  `v1=${hnuSignatureHex(secret, timestamp, rawBody)}`;

export const verifyHnuSignature = (input: {
  readonly secrets: readonly string[];
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly rawBody: string | Buffer;
  readonly now: Date;
  readonly toleranceSeconds?: number;
}): HnuSignatureVerdict => {
  if (!input.timestamp || !input.signature) return { ok: false, reason: 'missing-header' };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'stale-timestamp' };
  const skewSeconds = Math.abs(input.now.getTime() / 1000 - Number(input.timestamp));
  if (skewSeconds > (input.toleranceSeconds ?? hnuToleranceSeconds)) return { ok: false, reason: 'stale-timestamp' };
  const presented = input.signature
    .split(/\s+/)
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
  const expected = input.secrets.map((secret) => hnuSignatureHex(secret, input.timestamp as string, input.rawBody));
  // Every pair is compared (no early exit), so the time taken does not depend on which matched.
  let matched = false;
  for (const hex of expected) for (const candidate of presented) matched = sameHex(hex, candidate) || matched;
  return matched ? { ok: true } : { ok: false, reason: 'bad-signature' };
};
