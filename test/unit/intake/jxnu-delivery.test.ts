import { describe, expect, it } from 'vitest';
import type { CompletionVersion } from '../../../shared/completion.js';
import type { NewFailure } from '../../../shared/failures.js';
import { receiveJxnuDelivery, type JxnuDeliveryPorts, type NonceStore } from '../../../shared/intake/jxnu-delivery.js';
import { signedJxnuHeaders } from '../../../shared/platforms/jxnu/signature.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { testCrypto } from '../../support/completions.js';
import { exampleText } from '../../support/hub-client.js';
import { jxnuExampleAnswer } from '../../support/examples.js';

const appId = 'jxnu-test';
const secret = 'jxnu-test-secret';
const now = new Date('2026-01-10T02:00:00.000Z');

class MemoryNonces implements NonceStore {
  readonly seen = new Map<string, number>();
  async claim(nonce: string, at: Date) {
    const until = this.seen.get(nonce);
    if (until !== undefined && until >= at.getTime()) return 'replay' as const;
    this.seen.set(nonce, at.getTime() + 600_000);
    return 'first-use' as const;
  }
}

const portsOf = (overrides: Partial<JxnuDeliveryPorts> = {}) => {
  const enqueued: CompletionVersion[] = [];
  const failures: NewFailure[] = [];
  const nonces = new MemoryNonces();
  const ports: JxnuDeliveryPorts = {
    appId,
    secret,
    nonces,
    recordFailures: async (list) => {
      failures.push(...list);
    },
    enqueue: async (versions) => {
      enqueued.push(...versions);
    },
    contextFor: (receivedAt, correlationId) => ({
      receivedAt,
      now: receivedAt,
      correlationId,
      crypto: testCrypto,
      rules: defaultRuleBook,
    }),
    ...overrides,
  };
  return { ports, enqueued, failures, nonces };
};

const signed = (body: string, options: { at?: Date; nonce?: string; secret?: string; appId?: string } = {}) => {
  const headers = signedJxnuHeaders({
    appId: options.appId ?? appId,
    appSecret: options.secret ?? secret,
    rawBody: body,
    now: options.at ?? now,
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });
  return {
    rawBody: Buffer.from(body, 'utf8'),
    headers: {
      appId: headers['X-Jxnu-AppId'],
      timestamp: headers['X-Jxnu-Timestamp'],
      nonce: headers['X-Jxnu-Nonce'],
      sign: headers['X-Jxnu-Sign'],
    },
    receivedAt: now,
    correlationId: 'req-1',
  };
};

const example = exampleText('jxnu-batch.json');

describe('a jxnu delivery', () => {
  it('answers the example batch with a result per record in order, the wrong check character rejected', async () => {
    const { ports, enqueued } = portsOf();
    const outcome = await receiveJxnuDelivery(signed(example), ports);
    expect(outcome.kind).toBe('answered');
    if (outcome.kind !== 'answered') return;
    expect(outcome.body).toEqual(jxnuExampleAnswer);
    expect(outcome.counts).toEqual({ received: 4, accepted: 3, rejected: 1, otherTopic: 0 });
    expect(enqueued.map((v) => v.recordId)).toEqual(['JXNU202412310001', 'JXNU202412310003', 'JXNU202401150044']);
    expect(enqueued.every((v) => v.versionAt === now.toISOString())).toBe(true);
  });

  it('keeps the rejected record as a failure with what replaying it needs', async () => {
    const { ports, failures } = portsOf();
    await receiveJxnuDelivery(signed(example), ports);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      platform: 'jxnu',
      stage: 'record',
      reasonCode: 'id-check-character',
      message: 'sfzh: check character does not match',
      recordId: 'JXNU202412310002',
      input: {
        kind: 'jxnu-record',
        index: 1,
        versionAt: now.toISOString(),
        receivedAt: now.toISOString(),
        batchNo: '20241231-0007',
      },
    });
  });

  it('converts minutes to 学时, flags makeup study and takes zt = 0 as a withdrawal', async () => {
    const { ports, enqueued } = portsOf();
    await receiveJxnuDelivery(signed(example), ports);
    const [lisi, zhaoliu, withdrawn] = enqueued;
    expect(lisi).toMatchObject({
      kind: 'completion',
      hundredths: 300,
      category: 'public',
      creditYear: 2024,
      makeup: false,
    });
    expect(zhaoliu).toMatchObject({
      kind: 'completion',
      hundredths: 200,
      category: 'professional',
      creditYear: 2024,
      makeup: true,
    });
    expect(withdrawn).toMatchObject({ kind: 'completion', withdrawn: true });
  });

  it('refuses a replayed nonce with 401 and enqueues nothing the second time', async () => {
    const { ports, enqueued } = portsOf();
    const request = signed(example, { nonce: 'nonce-1' });
    expect((await receiveJxnuDelivery(request, ports)).kind).toBe('answered');
    expect(await receiveJxnuDelivery(request, ports)).toEqual({ kind: 'unauthorized', reason: 'replayed-nonce' });
    expect(enqueued).toHaveLength(3);
  });

  it('does not burn the nonce of a request whose signature fails', async () => {
    const { ports, nonces } = portsOf();
    const forged = signed(example, { nonce: 'nonce-2', secret: 'not-the-secret' });
    expect(await receiveJxnuDelivery(forged, ports)).toEqual({ kind: 'unauthorized', reason: 'bad-signature' });
    expect(nonces.seen.has('nonce-2')).toBe(false);
    expect((await receiveJxnuDelivery(signed(example, { nonce: 'nonce-2' }), ports)).kind).toBe('answered');
  });

  it('refuses a timestamp more than 300 s away, a wrong app id and a tampered body', async () => {
    const { ports, enqueued, failures } = portsOf();
    expect(await receiveJxnuDelivery(signed(example, { at: new Date(now.getTime() - 301_000) }), ports)).toEqual({
      kind: 'unauthorized',
      reason: 'stale-timestamp',
    });
    expect(await receiveJxnuDelivery(signed(example, { appId: 'someone-else' }), ports)).toEqual({
      kind: 'unauthorized',
      reason: 'unknown-app',
    });
    const tampered = { ...signed(example), rawBody: Buffer.from(example.replace('"xxsc": 135', '"xxsc": 4500')) };
    expect(await receiveJxnuDelivery(tampered, ports)).toEqual({ kind: 'unauthorized', reason: 'bad-signature' });
    expect(enqueued).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('answers 413 for a body over 1 MiB before looking at the signature', async () => {
    const { ports, nonces } = portsOf();
    const request = { ...signed(example), rawBody: Buffer.alloc(1_048_577, 0x20) };
    expect(await receiveJxnuDelivery(request, ports)).toEqual({ kind: 'too-large', bytes: 1_048_577 });
    expect(nonces.seen.size).toBe(0);
  });

  it('refuses a signed body that is not JSON or not a batch and keeps it as a failure', async () => {
    const { ports, failures } = portsOf();
    expect(await receiveJxnuDelivery(signed('not json'), ports)).toMatchObject({
      kind: 'invalid-body',
      problems: [{ field: 'body', message: 'is not valid JSON' }],
    });
    expect(await receiveJxnuDelivery(signed('{"batch_no":"b","records":[]}'), ports)).toMatchObject({
      kind: 'invalid-body',
    });
    expect(failures.map((f) => f.reasonCode)).toEqual(['invalid-body', 'invalid-body']);
  });

  it('throws when enqueueing fails, so the platform gets a 5xx and retries the batch', async () => {
    const { ports } = portsOf({ enqueue: async () => Promise.reject(new Error('SQS is down')) });
    await expect(receiveJxnuDelivery(signed(example), ports)).rejects.toThrow('SQS is down');
  });

  it('refuses a nonce that is no token', async () => {
    const { ports } = portsOf();
    expect(await receiveJxnuDelivery(signed(example, { nonce: 'x'.repeat(129) }), ports)).toEqual({
      kind: 'unauthorized',
      reason: 'malformed-nonce',
    });
  });
});
