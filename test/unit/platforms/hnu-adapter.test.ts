import { describe, expect, it } from 'vitest';
import { completionVersionSchema } from '../../../shared/completion.js';
import { hnuFields, normaliseHnuEvent } from '../../../shared/platforms/hnu/adapter.js';
import { describeProblems } from '../../../shared/result.js';
import {
  contextOf,
  hnuEventOf,
  hnuRevocationOf,
  idCardEndingInX,
  idCardWithWrongCheck,
  testCrypto,
  validIdCard,
} from '../../support/platform-payloads.js';

const context = contextOf();
const normalise = (body: unknown) => normaliseHnuEvent(body, context);
const fieldsOf = (body: unknown) => {
  const result = normalise(body);
  return result.ok ? [] : result.problems.map((p) => p.field);
};

describe('hnu events', () => {
  it('normalise a valid completion into a version the queue accepts', () => {
    const result = normalise(hnuEventOf());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(completionVersionSchema.parse(result.value)).toEqual(result.value);
    expect(result.value).toMatchObject({
      platform: 'hnu',
      recordId: 'HNU-T-0001',
      hundredths: 600,
      creditYear: 2024,
      correlationId: context.correlationId,
      receivedAt: context.receivedAt.toISOString(),
    });
  });

  it('take the version time from occurredAt, not from the delivery', () => {
    const result = normalise(hnuEventOf({ envelope: { occurredAt: '2024-07-02T08:00:00+08:00' } }));
    expect(result.ok && result.value.versionAt).toBe('2024-07-02T00:00:00.000Z');
  });

  it('accept a correction (completion.updated) like a creation', () => {
    const result = normalise(hnuEventOf({ event: 'completion.updated', course: { credits: '4.5' } }));
    expect(result.ok && result.value.kind === 'completion' && result.value.hundredths).toBe(450);
  });

  it('read credits as a number or a decimal string', () => {
    for (const [credits, hundredths] of [
      [6, 600],
      ['1.5', 150],
      [' 2.25 ', 225],
      [0.01, 1],
      [100, 10_000],
      ['100.00', 10_000],
    ] as const) {
      const result = normalise(hnuEventOf({ course: { credits } }));
      expect(result.ok && result.value.kind === 'completion' && result.value.hundredths, String(credits)).toBe(
        hundredths,
      );
    }
  });

  it('refuse credits that are not more than 0 and at most 100 学时, naming data.course.credits', () => {
    for (const credits of [0, -1, '0', 100.01, '100.01', 'abc', '', '1.234', null, true, [6], { value: 6 }]) {
      const result = normalise(hnuEventOf({ course: { credits } }));
      expect(result.ok, JSON.stringify(credits)).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual(['data.course.credits']);
    }
    expect(fieldsOf(hnuEventOf({ course: { credits: undefined } }))).toEqual(['data.course.credits']);
  });

  it('accept the check character x in lower case and spaces around the number', () => {
    const result = normalise(hnuEventOf({ learner: { idCardNo: ` ${idCardEndingInX.toLowerCase()} ` } }));
    expect(result.ok && result.value.kind === 'completion' && result.value.person.idCardLast4).toBe(
      idCardEndingInX.slice(-4),
    );
  });

  it('refuse a wrong check character with the ID rules’ message, never repeating the number', () => {
    const wrong = idCardWithWrongCheck();
    const result = normalise(hnuEventOf({ learner: { idCardNo: wrong } }));
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'data.learner.idCardNo', message: 'check character does not match', rule: 'id-check-character' },
      ],
    });
    expect(JSON.stringify(result)).not.toContain(wrong.slice(0, 17));
  });

  it('refuse an ID that is not text', () => {
    expect(fieldsOf(hnuEventOf({ learner: { idCardNo: 360421198503150020 } }))).toEqual(['data.learner.idCardNo']);
    expect(fieldsOf(hnuEventOf({ learner: { idCardNo: undefined } }))).toEqual(['data.learner.idCardNo']);
  });

  it('keep the person only as a key, a sealed copy and the last four', () => {
    const result = normalise(hnuEventOf());
    if (!result.ok || result.value.kind !== 'completion') throw new Error('expected a completion');
    expect(result.value.person).toEqual({
      personKey: testCrypto.personKey(validIdCard as never),
      idCardEnc: expect.any(String),
      idCardLast4: validIdCard.slice(-4),
    });
    expect(testCrypto.decrypt(result.value.person.idCardEnc)).toBe(validIdCard);
    expect(JSON.stringify(result.value)).not.toContain(validIdCard);
    expect(JSON.stringify(result.value)).not.toContain('测试');
  });

  it('record a failed exam as not passed (recorded, not counted)', () => {
    const result = normalise(hnuEventOf({ data: { examPassed: false } }));
    expect(result.ok && result.value.kind === 'completion' && [result.value.passed, result.value.withdrawn]).toEqual([
      false,
      false,
    ]);
  });

  it('refuse examPassed that is not true or false', () => {
    expect(fieldsOf(hnuEventOf({ data: { examPassed: 'true' } }))).toEqual(['data.examPassed']);
  });

  it('refuse a subject that is neither 公需科目 nor 专业科目 (or their other spellings)', () => {
    expect(normalise(hnuEventOf({ course: { subject: '其他' } }))).toEqual({
      ok: false,
      problems: [
        { field: 'data.course.subject', message: 'must be 公需科目 or 专业科目', rule: 'category-not-on-list' },
      ],
    });
    const result = normalise(hnuEventOf({ course: { subject: '公需课' } }));
    expect(result.ok && result.value.kind === 'completion' && result.value.category).toBe('public');
  });

  it('ignore unknown extra fields anywhere', () => {
    const result = normalise({
      ...hnuEventOf({ data: { channel: 'mobile', extra: { nested: true } }, course: { level: 3 } }),
      delivery: 2,
    });
    expect(result.ok).toBe(true);
  });

  it('accept a training year sent as digits, and null as none', () => {
    const asText = normalise(hnuEventOf({ data: { completedAt: '2025-01-02T10:00:00+08:00', trainingYear: '2024' } }));
    expect(asText.ok && asText.value.kind === 'completion' && [asText.value.creditYear, asText.value.makeup]).toEqual([
      2024,
      true,
    ]);
    const none = normalise(hnuEventOf({ data: { trainingYear: null } }));
    expect(none.ok && none.value.kind === 'completion' && none.value.creditYear).toBe(2024);
    expect(fieldsOf(hnuEventOf({ data: { trainingYear: 2024.5 } }))).toEqual(['data.trainingYear']);
  });

  it('refuse times that are not ISO 8601, naming occurredAt or data.completedAt', () => {
    expect(fieldsOf(hnuEventOf({ envelope: { occurredAt: 'yesterday' } }))).toEqual(['occurredAt']);
    expect(fieldsOf(hnuEventOf({ data: { completedAt: '2024-02-30T10:00:00+08:00' } }))).toEqual(['data.completedAt']);
    expect(fieldsOf(hnuEventOf({ data: { completedAt: 1717207200 } }))).toEqual(['data.completedAt']);
  });

  it('report every bad field at once', () => {
    const result = normalise(
      hnuEventOf({
        learner: { idCardNo: idCardWithWrongCheck() },
        course: { credits: 0, subject: '其他' },
        data: { completedAt: 'soon' },
      }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.field).sort()).toEqual([
        'data.completedAt',
        'data.course.credits',
        'data.course.subject',
        'data.learner.idCardNo',
      ]);
      expect(describeProblems(result.problems)).toContain('data.course.credits: must be more than 0 学时');
    }
  });

  it('refuse an unknown event type, naming event', () => {
    expect(fieldsOf(hnuEventOf({ event: 'completion.deleted' }))).toEqual(['event']);
    expect(fieldsOf({ eventId: 'x' })).toEqual(['event']);
  });

  it('name the body when it is no object at all', () => {
    for (const body of [null, 42, 'text', [hnuEventOf()]])
      expect(fieldsOf(body), JSON.stringify(body)).toEqual(['body']);
  });

  it('refuse a record id that is missing, empty or longer than 64 characters', () => {
    expect(fieldsOf(hnuEventOf({ data: { recordId: undefined } }))).toEqual(['data.recordId']);
    expect(fieldsOf(hnuEventOf({ data: { recordId: '' } }))).toEqual(['data.recordId']);
    expect(fieldsOf(hnuEventOf({ data: { recordId: 'R'.repeat(65) } }))).toEqual(['data.recordId']);
  });

  it('name every field it reads in hnu’s own terms', () => {
    expect(Object.values(hnuFields).every((field) => /^(event|eventId|occurredAt|data\.[a-zA-Z.]+)$/.test(field))).toBe(
      true,
    );
  });
});

describe('hnu revocations', () => {
  it('are withdrawals naming only the record, at occurredAt', () => {
    expect(normalise(hnuRevocationOf())).toMatchObject({
      ok: true,
      value: {
        kind: 'withdrawal',
        platform: 'hnu',
        recordId: 'HNU-T-0001',
        reason: '考试作弊，成绩作废',
        versionAt: '2024-07-01T01:00:00.000Z',
      },
    });
  });

  it('need no reason, and ignore completion fields sent along', () => {
    expect(normalise(hnuRevocationOf({ reason: undefined }))).toMatchObject({
      ok: true,
      value: { kind: 'withdrawal', reason: '' },
    });
    expect(normalise(hnuRevocationOf({ learner: { idCardNo: 'garbage' } })).ok).toBe(true);
  });

  it('still need the record id and a version time', () => {
    expect(fieldsOf(hnuRevocationOf({ recordId: undefined }))).toEqual(['data.recordId']);
    expect(fieldsOf(hnuRevocationOf({}, { occurredAt: 'later' }))).toEqual(['occurredAt']);
  });
});

describe('hnu fields left out', () => {
  it('are reported as missing, by name', () => {
    const messageOf = (body: unknown) => {
      const result = normaliseHnuEvent(body, contextOf());
      return result.ok ? '' : describeProblems(result.problems);
    };
    expect(messageOf(hnuEventOf({ course: { credits: undefined } }))).toBe('data.course.credits: is missing');
    expect(messageOf(hnuEventOf({ learner: { idCardNo: undefined } }))).toBe('data.learner.idCardNo: is missing');
    expect(messageOf(hnuEventOf({ course: { topic: undefined } }))).toBe('data.course.topic: is missing');
    expect(messageOf(hnuEventOf({ data: { examPassed: undefined } }))).toBe('data.examPassed: is missing');
  });
});

describe('hnu objects left out', () => {
  it('are reported as missing, and other kinds of value as not an object', () => {
    const problemsOf = (body: unknown) => {
      const result = normaliseHnuEvent(body, contextOf());
      return result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`);
    };
    expect(problemsOf(hnuEventOf({ data: { learner: undefined } }))).toEqual(['data.learner: is missing']);
    expect(problemsOf(hnuEventOf({ data: { course: 'HNU-C-0042' } }))).toEqual(['data.course: must be an object']);
  });
});
