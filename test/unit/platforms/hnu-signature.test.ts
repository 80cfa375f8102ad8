import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hnuToleranceSeconds, signHnu, verifyHnuSignature } from '../../../shared/platforms/hnu/signature.js';
import { exampleText } from '../../support/examples.js';

const now = new Date('2025-01-15T00:00:00.000Z');
const timestamp = String(now.getTime() / 1000);
const body = exampleText('hnu-completion-created.json');
const secret = 'hnu-secret-current';

const verify = (overrides: Partial<Parameters<typeof verifyHnuSignature>[0]> = {}) =>
  verifyHnuSignature({
    secrets: [secret],
    timestamp,
    signature: signHnu(secret, timestamp, body),
    rawBody: body,
    now,
    ...overrides,
  });

describe('hnu signatures', () => {
  it('are v1= and the hex HMAC-SHA256 of "{timestamp}.{raw body}"', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
    expect(signHnu(secret, timestamp, body)).toBe(`v1=${expected}`);
    expect(signHnu(secret, timestamp, Buffer.from(body, 'utf8'))).toBe(`v1=${expected}`);
  });

  it('accept a delivery signed with the secret over the exact body, as text or bytes', () => {
    expect(verify()).toEqual({ ok: true });
    expect(verify({ rawBody: Buffer.from(body, 'utf8') })).toEqual({ ok: true });
  });

  it('refuse a tampered body', () => {
    expect(verify({ rawBody: body.replace('"credits": 6', '"credits": 60') })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify({ rawBody: `${body} ` })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuse a signature made with another secret, or over another timestamp', () => {
    expect(verify({ signature: signHnu('someone-else', timestamp, body) })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify({ signature: signHnu(secret, String(Number(timestamp) - 1), body) })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('accept any of the configured secrets during a rotation', () => {
    const signature = signHnu('hnu-secret-next', timestamp, body);
    expect(verify({ secrets: [secret, 'hnu-secret-next'], signature })).toEqual({ ok: true });
    expect(verify({ secrets: [secret], signature })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accept several space-separated v1= values when one matches, in any position', () => {
    const good = signHnu(secret, timestamp, body);
    const other = signHnu('old-secret', timestamp, body);
    expect(verify({ signature: `${other} ${good}` })).toEqual({ ok: true });
    expect(verify({ signature: `${good}  ${other}` })).toEqual({ ok: true });
    expect(verify({ signature: `${other} v1=deadbeef` })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('only read v1= values', () => {
    expect(verify({ signature: signHnu(secret, timestamp, body).replace('v1=', 'v0=') })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify({ signature: signHnu(secret, timestamp, body).slice(3) })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuse a timestamp more than 300 s from the hub clock, either way', () => {
    expect(hnuToleranceSeconds).toBe(300);
    for (const skew of [-301, 301, 86_400]) {
      const stale = String(Number(timestamp) + skew);
      expect(verify({ timestamp: stale, signature: signHnu(secret, stale, body) }), String(skew)).toEqual({
        ok: false,
        reason: 'stale-timestamp',
      });
    }
    for (const skew of [-300, 0, 300]) {
      const fresh = String(Number(timestamp) + skew);
      expect(verify({ timestamp: fresh, signature: signHnu(secret, fresh, body) }), String(skew)).toEqual({ ok: true });
    }
    const signedAt = String(Number(timestamp) - 100);
    expect(verify({ timestamp: signedAt, signature: signHnu(secret, signedAt, body), toleranceSeconds: 60 })).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
  });

  it('refuse a timestamp that is not unix seconds', () => {
    for (const bad of ['now', '1736899200.5', '-1', `${now.getTime()}`]) {
      expect(verify({ timestamp: bad, signature: signHnu(secret, bad, body) }), bad).toEqual({
        ok: false,
        reason: 'stale-timestamp',
      });
    }
  });

  it('refuse a delivery without its headers', () => {
    expect(verify({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing-header' });
    expect(verify({ signature: undefined })).toEqual({ ok: false, reason: 'missing-header' });
    expect(verify({ signature: '' })).toEqual({ ok: false, reason: 'missing-header' });
  });

  it('refuse everything when no secret is configured', () => {
    expect(verify({ secrets: [] })).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
