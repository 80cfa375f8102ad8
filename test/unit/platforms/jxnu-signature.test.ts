import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  jxnuTimestampToDate,
  jxnuToleranceSeconds,
  nonceWindowSeconds,
  signedJxnuHeaders,
  signJxnu,
  verifyJxnuSignature,
  type JxnuSignatureHeaders,
} from '../../../shared/platforms/jxnu/signature.js';
import { exampleText } from '../../support/examples.js';

const now = new Date('2025-01-15T00:00:00.000Z');
const appId = 'jxnu-app-1';
const secret = 'jxnu-secret-1';
const body = exampleText('jxnu-batch.json');

const headersOf = (
  overrides: Partial<JxnuSignatureHeaders> = {},
  rawBody: string | Buffer = body,
): JxnuSignatureHeaders => {
  const signed = signedJxnuHeaders({ appId, appSecret: secret, rawBody, now, nonce: 'n-0001' });
  return {
    appId: signed['X-Jxnu-AppId'],
    timestamp: signed['X-Jxnu-Timestamp'],
    nonce: signed['X-Jxnu-Nonce'],
    sign: signed['X-Jxnu-Sign'],
    ...overrides,
  };
};
const verify = (
  headers: JxnuSignatureHeaders,
  rawBody: string | Buffer = body,
  extra: { toleranceSeconds?: number } = {},
) => verifyJxnuSignature({ appId, secret, headers, rawBody, now, ...extra });

describe('jxnu signatures', () => {
  it('are the lowercase hex HMAC of appId, timestamp, nonce and the body’s SHA-256, one per line', () => {
    const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
    const expected = createHmac('sha256', secret)
      .update(`${appId}\n${now.getTime()}\n${'n-0001'}\n${bodyHash}`)
      .digest('hex');
    expect(signJxnu(secret, { appId, timestamp: String(now.getTime()), nonce: 'n-0001', rawBody: body })).toBe(
      expected,
    );
    expect(headersOf().sign).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sign with the timestamp in unix milliseconds and a fresh nonce each time', () => {
    const a = signedJxnuHeaders({ appId, appSecret: secret, rawBody: body, now });
    const b = signedJxnuHeaders({ appId, appSecret: secret, rawBody: body, now });
    expect(a['X-Jxnu-Timestamp']).toBe('1736899200000');
    expect(a['X-Jxnu-Nonce']).not.toBe(b['X-Jxnu-Nonce']);
  });

  it('accept a request signed over the exact body, as text or bytes', () => {
    expect(verify(headersOf())).toEqual({ ok: true });
    expect(verify(headersOf(), Buffer.from(body, 'utf8'))).toEqual({ ok: true });
  });

  it('refuse a tampered body, nonce or timestamp', () => {
    expect(verify(headersOf(), body.replace('"xxsc": 135', '"xxsc": 1350'))).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify(headersOf({ nonce: 'n-0002' }))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify(headersOf({ timestamp: String(now.getTime() + 1) }))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuse a signature made with another secret', () => {
    const forged = signJxnu('not-the-secret', {
      appId,
      timestamp: String(now.getTime()),
      nonce: 'n-0001',
      rawBody: body,
    });
    expect(verify(headersOf({ sign: forged }))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify(headersOf({ sign: 'abc' }))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuse an app id the hub did not issue, even when signed correctly for it', () => {
    const signed = signedJxnuHeaders({ appId: 'other-app', appSecret: secret, rawBody: body, now, nonce: 'n' });
    expect(
      verify({ appId: 'other-app', timestamp: signed['X-Jxnu-Timestamp'], nonce: 'n', sign: signed['X-Jxnu-Sign'] }),
    ).toEqual({ ok: false, reason: 'unknown-app' });
  });

  it('refuse a timestamp more than 300 s away, and one in seconds instead of milliseconds', () => {
    expect(jxnuToleranceSeconds).toBe(300);
    const stale = { ok: false, reason: 'stale-timestamp' };
    for (const [skewMs, verdict] of [
      [-301_000, stale],
      [301_000, stale],
      [-300_000, { ok: true }],
      [300_000, { ok: true }],
    ] as const) {
      const at = new Date(now.getTime() + skewMs);
      const signed = signedJxnuHeaders({ appId, appSecret: secret, rawBody: body, now: at, nonce: 'n' });
      expect(
        verify({ appId, timestamp: signed['X-Jxnu-Timestamp'], nonce: 'n', sign: signed['X-Jxnu-Sign'] }),
        String(skewMs),
      ).toEqual(verdict);
    }
    const seconds = String(now.getTime() / 1000);
    const sign = signJxnu(secret, { appId, timestamp: seconds, nonce: 'n', rawBody: body });
    expect(verify({ appId, timestamp: seconds, nonce: 'n', sign })).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verify(headersOf({ timestamp: 'soon' }))).toEqual({ ok: false, reason: 'stale-timestamp' });
  });

  it('refuse a request missing any of the four headers', () => {
    for (const name of ['appId', 'timestamp', 'nonce', 'sign'] as const) {
      expect(verify(headersOf({ [name]: undefined })), name).toEqual({ ok: false, reason: 'missing-header' });
      expect(verify(headersOf({ [name]: '' })), name).toEqual({ ok: false, reason: 'missing-header' });
    }
  });

  it('leave nonce replays to the handler, remembering nonces for 10 minutes', () => {
    expect(nonceWindowSeconds).toBe(600);
    expect(verify(headersOf())).toEqual({ ok: true });
    expect(verify(headersOf())).toEqual({ ok: true });
  });

  it('give the request time as the version time of its records', () => {
    expect(jxnuTimestampToDate('1736899200123')?.toISOString()).toBe('2025-01-15T00:00:00.123Z');
    expect(jxnuTimestampToDate('17e11')).toBeUndefined();
    expect(jxnuTimestampToDate(undefined)).toBeUndefined();
  });
});
