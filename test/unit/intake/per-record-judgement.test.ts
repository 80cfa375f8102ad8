/**
 * Bad input is judged per record (rules.md, Hours; issue 11): no record, however wrong, makes a
 * delivery fail or holds back the others; it is kept as a failure named by the rule it broke,
 * with the person's keyed hash when its ID card number is valid. And every version an adapter
 * accepts is one the queue's schema accepts (one source of truth for every limit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completionMessageSchema, type CompletionVersion } from '../../../shared/completion.js';
import type { NewFailure } from '../../../shared/failures.js';
import { receiveHnuDelivery, type HnuDeliveryPorts } from '../../../shared/intake/hnu-delivery.js';
import { receiveJxnuDelivery } from '../../../shared/intake/jxnu-delivery.js';
import { normaliseHnuEvent } from '../../../shared/platforms/hnu/adapter.js';
import { signHnu } from '../../../shared/platforms/hnu/signature.js';
import { normaliseJxnuRecord } from '../../../shared/platforms/jxnu/adapter.js';
import { signedJxnuHeaders } from '../../../shared/platforms/jxnu/signature.js';
import { minutesMax } from '../../../shared/platforms/jxnu/record.js';
import { normaliseWangtiRow } from '../../../shared/platforms/wangti/adapter.js';
import {
  contextOf,
  hnuEventOf,
  idCardWithWrongCheck,
  jxnuBatchOf,
  jxnuRecordOf,
  now,
  testCrypto,
  validIdCard,
  wangtiRowOf,
} from '../../support/platform-payloads.js';

const memory = () => {
  const enqueued: CompletionVersion[] = [];
  const failures: NewFailure[] = [];
  return {
    enqueued,
    failures,
    recordFailures: async (list: readonly NewFailure[]) => void failures.push(...list),
    enqueue: async (versions: readonly CompletionVersion[]) => void enqueued.push(...versions),
    contextFor: (receivedAt: Date, correlationId: string) => contextOf({ receivedAt, now: receivedAt, correlationId }),
  };
};

const jxnuDelivery = async (records: readonly unknown[]) => {
  const ports = memory();
  const rawBody = jxnuBatchOf(records);
  const h = signedJxnuHeaders({ appId: 'app', appSecret: 'secret', rawBody, now });
  const claim = async () => 'first-use' as const;
  const outcome = await receiveJxnuDelivery(
    {
      rawBody: Buffer.from(rawBody),
      headers: {
        appId: h['X-Jxnu-AppId'],
        timestamp: h['X-Jxnu-Timestamp'],
        nonce: h['X-Jxnu-Nonce'],
        sign: h['X-Jxnu-Sign'],
      },
      receivedAt: now,
      correlationId: 'req-j',
    },
    { ...ports, appId: 'app', secret: 'secret', nonces: { claim } },
  );
  return { outcome, ...ports };
};

describe('a jxnu batch with records at and over the hours limit', () => {
  it('rejects only the records over 4,500 minutes, naming xxsc, and takes the rest', async () => {
    const minutes = [44, 45, 4500, 4501, 5000, 135];
    const { outcome, enqueued, failures } = await jxnuDelivery(
      minutes.map((xxsc, i) => jxnuRecordOf({ xh: `JX-LIM-${i}`, xxsc })),
    );
    expect(outcome.kind === 'answered' && outcome.body.results.map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'rejected',
      'rejected',
      'accepted',
    ]);
    expect(outcome.kind === 'answered' && outcome.body.results[3]?.error).toBe(
      'xxsc: more than 4,500 minutes (100 学时)',
    );
    expect(enqueued.map((v) => v.kind === 'completion' && v.hundredths)).toEqual([0, 100, 10_000, 300]);
    expect(failures.map((f) => [f.recordId, f.reasonCode])).toEqual([
      ['JX-LIM-3', 'hours-out-of-range'],
      ['JX-LIM-4', 'hours-out-of-range'],
    ]);
  });

  it('keeps the keyed hash of the person a rejected record names, and none for an ID that is not valid', async () => {
    const { failures } = await jxnuDelivery([
      jxnuRecordOf({ xh: 'JX-P-1', kclb: '选修课' }),
      jxnuRecordOf({ xh: 'JX-P-2', sfzh: idCardWithWrongCheck() }),
    ]);
    expect(failures.map((f) => [f.reasonCode, f.personKey])).toEqual([
      ['category-not-on-list', testCrypto.personKey(validIdCard as never)],
      ['id-check-character', undefined],
    ]);
  });

  it("counts accepted completions whose topic is not on the year's list", async () => {
    const { outcome } = await jxnuDelivery([
      jxnuRecordOf({ xh: 'JX-T-1', ztmc: '人工智能' }),
      jxnuRecordOf({ xh: 'JX-T-2', ztmc: '装备制造' }),
    ]);
    expect(outcome.kind === 'answered' && outcome.counts).toEqual({
      received: 2,
      accepted: 2,
      rejected: 0,
      otherTopic: 1,
    });
  });
});

describe('an hnu delivery', () => {
  const deliver = async (body: string, secret = 'hnu-secret') => {
    const ports = memory();
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const hnuPorts: HnuDeliveryPorts = { ...ports, secrets: ['hnu-secret'] };
    const outcome = await receiveHnuDelivery(
      {
        rawBody: Buffer.from(body),
        headers: { eventId: 'evt-1', timestamp, signature: signHnu(secret, timestamp, body) },
        receivedAt: now,
        correlationId: 'req-h',
      },
      hnuPorts,
    );
    return { outcome, ...ports };
  };

  it('accepts a valid event and enqueues its version', async () => {
    const { outcome, enqueued, failures } = await deliver(JSON.stringify(hnuEventOf()));
    expect(outcome).toMatchObject({
      kind: 'answered',
      body: { eventId: 'evt-1', status: 'accepted' },
      counts: { received: 1, accepted: 1, rejected: 0 },
    });
    expect([enqueued.length, failures.length]).toEqual([1, 0]);
  });

  it('answers a bad event rejected with the field named, and keeps it as a failure named by the rule', async () => {
    const { outcome, enqueued, failures } = await deliver(JSON.stringify(hnuEventOf({ course: { credits: 100.01 } })));
    expect(outcome).toMatchObject({
      kind: 'answered',
      body: { status: 'rejected', error: 'data.course.credits: must be at most 100 学时' },
    });
    expect(enqueued).toEqual([]);
    expect(failures.map((f) => [f.stage, f.reasonCode, f.recordId, f.personKey])).toEqual([
      ['record', 'hours-out-of-range', 'HNU-T-0001', testCrypto.personKey(validIdCard as never)],
    ]);
  });

  it('keeps a signed body that is not JSON as a failure and refuses it', async () => {
    const { outcome, failures } = await deliver('{not json');
    expect(outcome.kind).toBe('invalid-body');
    expect(failures.map((f) => [f.stage, f.reasonCode])).toEqual([['webhook', 'invalid-body']]);
  });

  it('refuses a wrong signature without storing anything', async () => {
    const { outcome, enqueued, failures } = await deliver(JSON.stringify(hnuEventOf()), 'not-the-secret');
    expect(outcome).toEqual({ kind: 'unauthorized', reason: 'bad-signature' });
    expect([enqueued.length, failures.length]).toEqual([0, 0]);
  });
});

describe('every version an adapter accepts fits the queue', () => {
  const fitsQueue = (version: CompletionVersion): boolean =>
    completionMessageSchema.safeParse({ kind: 'completion-versions', versions: [version] }).success;

  it('jxnu: every whole number of minutes from 1 to the limit, at every place in a batch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: minutesMax }), fc.integer({ min: 0, max: 499 }), (xxsc, index) => {
        const { result } = normaliseJxnuRecord(jxnuRecordOf({ xxsc }), index, now, contextOf());
        return result.ok && fitsQueue(result.value);
      }),
    );
  });

  it('hnu and wangti: every number of 学时 with two decimals from 0.01 to 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (hundredths) => {
        const hours = (hundredths / 100).toFixed(2);
        const hnu = normaliseHnuEvent(hnuEventOf({ course: { credits: hours } }), contextOf());
        const { result: wangti } = normaliseWangtiRow(wangtiRowOf({ 学时: hours }), 999, contextOf());
        return hnu.ok && fitsQueue(hnu.value) && wangti.ok && fitsQueue(wangti.value);
      }),
    );
  });
});
