import { describe, expect, it } from 'vitest';
import { completionVersionSchema } from '../../../shared/completion.js';
import {
  jxnuTimestampField,
  jxnuWithdrawalReason,
  normaliseJxnuRecord,
} from '../../../shared/platforms/jxnu/adapter.js';
import { completionIn, refusalIn, withdrawalIn } from '../../support/results.js';
import {
  contextOf,
  idCardEndingInX,
  idCardWithWrongCheck,
  jxnuRecordOf,
  validIdCard,
} from '../../support/platform-payloads.js';

const context = contextOf();
const versionAt = new Date('2025-01-14T23:59:59.500Z');
const normalise = (record: unknown, index = 0) => normaliseJxnuRecord(record, index, versionAt, context);
const completionOf = (record: unknown) => completionIn(normalise(record).result);
const errorOf = (record: unknown): string => refusalIn(normalise(record).result);

describe('jxnu records', () => {
  it('normalise a valid record, with the request time as version time', () => {
    const version = completionOf(jxnuRecordOf());
    expect(completionVersionSchema.parse(version)).toEqual(version);
    expect(version).toMatchObject({
      platform: 'jxnu',
      recordId: 'JXNU-T-0001',
      versionAt: versionAt.toISOString(),
      completedAt: '2024-06-01T02:20:30.000Z',
      category: 'professional',
      topicMatched: '装备制造',
      hundredths: 300,
      passed: true,
      withdrawn: false,
    });
  });

  it('answer with the xh as sent, also when the record is refused', () => {
    expect(normalise(jxnuRecordOf({ xh: 'JX-9' })).xh).toBe('JX-9');
    expect(normalise(jxnuRecordOf({ xh: 'JX-9', sfzh: idCardWithWrongCheck() })).xh).toBe('JX-9');
    expect(normalise(jxnuRecordOf({ xh: 12345 })).xh).toBe('12345');
    expect(normalise(jxnuRecordOf({ xh: undefined })).xh).toBeUndefined();
    expect(normalise('nonsense').xh).toBeUndefined();
  });

  it.each([
    [135, 300],
    [100, 200],
    [44, 0],
    [45, 100],
    [67, 100],
    [68, 150],
    [90, 200],
    [4499, 9_950],
    [4500, 10_000],
  ])('convert %i minutes to %i hundredths of a 学时', (xxsc, hundredths) => {
    expect(completionOf(jxnuRecordOf({ xxsc })).hundredths).toBe(hundredths);
  });

  it('record minutes that round down to 0 学时 with 0 hours, not as bad input', () => {
    const version = completionOf(jxnuRecordOf({ xxsc: 44 }));
    expect([version.hundredths, version.passed, version.withdrawn]).toEqual([0, true, false]);
  });

  it('read minutes sent as digits', () => {
    expect(completionOf(jxnuRecordOf({ xxsc: '135' })).hundredths).toBe(300);
  });

  it('refuse minutes that are not a whole number from 1 to 4,500 (100 学时), naming xxsc and the rule', () => {
    for (const xxsc of [0, -45, 4501, 5000, 6000, 135.5, 'abc', '', null, true, [135], '1e3']) {
      const { result } = normalise(jxnuRecordOf({ xxsc }));
      expect(result.ok ? [] : result.problems.map((p) => p.field), JSON.stringify(xxsc)).toEqual(['xxsc']);
    }
    for (const [xxsc, rule] of [
      [0, 'hours-out-of-range'],
      [4501, 'hours-out-of-range'],
      [135.5, 'hours-invalid'],
      ['abc', 'hours-invalid'],
    ] as const) {
      const { result } = normalise(jxnuRecordOf({ xxsc }));
      expect(result.ok ? undefined : result.problems[0]?.rule, String(xxsc)).toBe(rule);
    }
    expect(errorOf(jxnuRecordOf({ xxsc: 4501 }))).toBe('xxsc: more than 4,500 minutes (100 学时)');
    expect(errorOf(jxnuRecordOf({ xxsc: 0 }))).toBe('xxsc: must be more than 0 minutes');
    expect(errorOf(jxnuRecordOf({ xxsc: undefined }))).toBe('xxsc: is missing');
  });

  it('word a wrong check character exactly as the spec shows', () => {
    expect(errorOf(jxnuRecordOf({ sfzh: idCardWithWrongCheck() }))).toBe('sfzh: check character does not match');
    expect(errorOf(jxnuRecordOf({ sfzh: '36010219800101123' }))).toBe(
      'sfzh: must be 18 characters: 17 digits and a check character 0-9 or X',
    );
  });

  it('accept the check character x in lower case', () => {
    expect(completionOf(jxnuRecordOf({ sfzh: idCardEndingInX.toLowerCase() })).person.idCardLast4).toBe(
      idCardEndingInX.slice(-4),
    );
  });

  it('read kclb 公需课/专业课 and refuse anything else', () => {
    expect(completionOf(jxnuRecordOf({ kclb: '公需课' })).category).toBe('public');
    expect(errorOf(jxnuRecordOf({ kclb: '其他' }))).toBe('kclb: must be 公需课 or 专业课');
  });

  it('read khjg: 不合格 is recorded as not passed; anything else is bad input', () => {
    expect(completionOf(jxnuRecordOf({ khjg: '不合格' })).passed).toBe(false);
    expect(completionOf(jxnuRecordOf({ khjg: ' 合格 ' })).passed).toBe(true);
    expect(errorOf(jxnuRecordOf({ khjg: '通过' }))).toBe('khjg: must be 合格 or 不合格');
  });

  it('read zt = 0 as a withdrawal that still carries the person and the course', () => {
    const version = completionOf(jxnuRecordOf({ zt: 0 }));
    expect(version).toMatchObject({
      kind: 'completion',
      withdrawn: true,
      course: { code: 'JX-ZY-2024-88' },
      person: { idCardLast4: validIdCard.slice(-4) },
    });
    expect(completionOf(jxnuRecordOf({ zt: '0' })).withdrawn).toBe(true);
    expect(completionOf(jxnuRecordOf({ zt: '1' })).withdrawn).toBe(false);
    expect(errorOf(jxnuRecordOf({ zt: 2 }))).toBe('zt: must be 1 (valid) or 0 (withdrawn)');
  });

  it('still withdraw the xh when a zt = 0 record is otherwise not valid', () => {
    const { xh, result } = normalise(jxnuRecordOf({ zt: 0, xxsc: 0, sfzh: idCardWithWrongCheck() }));
    expect(xh).toBe('JXNU-T-0001');
    expect(withdrawalIn(result)).toMatchObject({
      platform: 'jxnu',
      recordId: 'JXNU-T-0001',
      reason: jxnuWithdrawalReason,
      versionAt: versionAt.toISOString(),
    });
    expect(normalise(jxnuRecordOf({ zt: 0, kcdm: undefined })).result).toMatchObject({
      ok: true,
      value: { kind: 'withdrawal' },
    });
    expect(normalise(jxnuRecordOf({ zt: 0, xh: undefined })).result.ok).toBe(false);
    expect(normalise(jxnuRecordOf({ zt: 1, xxsc: 0 })).result.ok).toBe(false);
  });

  it('read wcsj as Beijing time and refuse one that is not a real time', () => {
    expect(completionOf(jxnuRecordOf({ wcsj: '2024-12-31 23:59:59' })).completedAt).toBe('2024-12-31T15:59:59.000Z');
    expect(errorOf(jxnuRecordOf({ wcsj: '2024-06-31 10:00:00' }))).toBe(
      'wcsj: must be a Beijing time YYYY-MM-DD HH:mm:ss',
    );
    expect(errorOf(jxnuRecordOf({ wcsj: 1717207230 }))).toBe('wcsj: must be text');
  });

  it('read pxnd as an optional training year, as a number or digits', () => {
    expect(completionOf(jxnuRecordOf({ wcsj: '2025-01-02 08:00:00', pxnd: 2024 }))).toMatchObject({
      creditYear: 2024,
      makeup: true,
    });
    expect(completionOf(jxnuRecordOf({ wcsj: '2025-01-02 08:00:00', pxnd: '2024' }))).toMatchObject({
      creditYear: 2024,
      makeup: true,
    });
    expect(completionOf(jxnuRecordOf({ wcsj: '2025-01-02 08:00:00' }))).toMatchObject({
      creditYear: 2025,
      makeup: false,
    });
    expect(errorOf(jxnuRecordOf({ pxnd: '二〇二四' }))).toBe('pxnd: must be a year such as 2024');
  });

  it('report every bad field at once, in the platform’s names', () => {
    const { result } = normalise(
      jxnuRecordOf({ sfzh: idCardWithWrongCheck(), xxsc: 0, kclb: '其他', khjg: '?', wcsj: 'x', zt: 9 }),
    );
    expect(result.ok ? [] : result.problems.map((p) => p.field).sort()).toEqual([
      'kclb',
      'khjg',
      'sfzh',
      'wcsj',
      'xxsc',
      'zt',
    ]);
  });

  it('refuse missing or wrong-kind text fields, naming them', () => {
    for (const field of ['xh', 'kcdm', 'kcmc', 'kclb', 'ztmc', 'wcsj', 'khjg']) {
      const { result } = normalise(jxnuRecordOf({ [field]: undefined }));
      expect(result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`), field).toEqual([
        `${field}: is missing`,
      ]);
    }
    expect(errorOf(jxnuRecordOf({ kcdm: '' }))).toBe('kcdm: must not be empty');
    expect(errorOf(jxnuRecordOf({ xh: 'X'.repeat(65) }))).toBe('xh: must be at most 64 characters');
    expect(errorOf(jxnuRecordOf({ kcmc: 42 }))).toBe('kcmc: must be text');
  });

  it('need no name (xm), and never carry it', () => {
    const version = completionOf(jxnuRecordOf({ xm: undefined }));
    expect(JSON.stringify(completionOf(jxnuRecordOf()))).not.toContain('测试');
    expect(version.recordId).toBe('JXNU-T-0001');
  });

  it('name a record that is no object by its place in the batch', () => {
    for (const record of [null, 7, 'x', [jxnuRecordOf()]]) expect(errorOf(record)).toMatch(/^records\[0\]: /);
    const { result } = normalise(42, 17);
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(['records[17]']);
  });

  it('refuse a version time that is not a time', () => {
    const { result } = normaliseJxnuRecord(jxnuRecordOf(), 0, new Date(Number.NaN), context);
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual([jxnuTimestampField]);
  });
});
