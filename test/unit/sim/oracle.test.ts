import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { expectLedgers, hundredthsOfMinutes, oracleInputOf } from '../../../sim/expected.js';
import { generateScenario } from '../../../sim/scenario.js';
import { exampleText } from '../../support/hub-client.js';

const now = new Date('2026-01-01T00:00:00Z');
const none = { hnu: [], jxnu: [], wangti: [], now };

const hnuEvent = (
  overrides: {
    recordId?: string;
    occurredAt?: string;
    completedAt?: string;
    credits?: unknown;
    code?: string;
    examPassed?: boolean;
    idCardNo?: string;
    subject?: string;
    trainingYear?: number;
  } = {},
) => ({
  event: 'completion.created',
  eventId: 'evt',
  occurredAt: overrides.occurredAt ?? '2024-06-01T10:00:00+08:00',
  data: {
    recordId: overrides.recordId ?? 'R1',
    learner: { idCardNo: overrides.idCardNo ?? '36042119850315002x', name: '张三' },
    course: {
      code: overrides.code ?? 'C1',
      title: 't',
      subject: overrides.subject ?? '专业科目',
      topic: '新能源',
      credits: overrides.credits ?? 6,
    },
    completedAt: overrides.completedAt ?? '2024-06-01T10:00:00+08:00',
    examPassed: overrides.examPassed ?? true,
    ...(overrides.trainingYear === undefined ? {} : { trainingYear: overrides.trainingYear }),
  },
});
const revoked = (recordId: string, occurredAt: string) => ({
  event: 'completion.revoked',
  eventId: 'evt-r',
  occurredAt,
  data: { recordId, reason: 'x' },
});
const zhang = '36042119850315002X';

describe('the oracle', () => {
  it('expects the jxnu example batch: 李四 3 public 学时, record 2 rejected for its check character, 赵六 2 makeup 学时, the withdrawal not counted', () => {
    const batch = JSON.parse(exampleText('jxnu-batch.json')) as { records: unknown[] };
    const expectation = expectLedgers({ ...none, jxnu: batch.records });
    expect(expectation.ledgerOf('360102198001011235', 2024)).toMatchObject({
      publicHundredths: 300,
      professionalHundredths: 0,
      entries: 1,
      compliant: false,
    });
    expect(expectation.rejected).toEqual([{ platform: 'jxnu', recordId: 'JXNU202412310002', fields: ['sfzh'] }]);
    const zhao = expectation.ledgerOf('36010319881230007x', 2024);
    expect(zhao).toMatchObject({ publicHundredths: 0, professionalHundredths: 200, entries: 1 });
    expect(zhao.records.map((r) => [r.recordId, r.state])).toEqual([
      ['JXNU202401150044', 'revoked'],
      ['JXNU202412310003', 'counted'],
    ]);
    expect(expectation.ledgerOf('36010319881230007X', 2025).entries).toBe(0);
    expect(expectation.accepted).toEqual({ hnu: 0, jxnu: 3, wangti: 0 });
  });

  it('expects the wangti example page: the newest 更新时间 wins, 撤销 not counted, makeup study in 2024', () => {
    const rows = parse(exampleText('wangti-export-page.csv'), {
      bom: true,
      columns: true,
      record_delimiter: '\r\n',
    }) as Record<string, string>[];
    const expectation = expectLedgers({ ...none, wangti: rows });
    expect(expectation.rejected).toEqual([]);
    expect(expectation.ledgerOf('360102198001011235', 2024)).toMatchObject({ professionalHundredths: 250, entries: 1 });
    expect(expectation.ledgerOf('360702199007204414', 2024)).toMatchObject({ publicHundredths: 1000, entries: 1 });
    const zhou = expectation.ledgerOf('361102197511110061', 2024);
    expect(zhou).toMatchObject({ professionalHundredths: 300, entries: 1 });
    expect(zhou.records.find((r) => r.recordId === 'WT-88000077')?.state).toBe('revoked');
    expect(expectation.ledgerOf('360721199202290038', 2024)).toMatchObject({ professionalHundredths: 400, entries: 1 });
    expect(expectation.ledgerOf('360721199202290038', 2025).entries).toBe(0);
  });

  it('lets the newest version win whatever order the versions arrive in', () => {
    const created = hnuEvent({ credits: 6 });
    const updated = {
      ...hnuEvent({ credits: '4.5', occurredAt: '2024-06-03T09:00:00+08:00' }),
      event: 'completion.updated',
    };
    for (const order of [
      [created, updated],
      [updated, created],
    ]) {
      expect(expectLedgers({ ...none, hnu: order }).ledgerOf(zhang, 2024).professionalHundredths).toBe(450);
    }
    const withdrawal = revoked('R1', '2024-06-05T00:00:00+08:00');
    for (const order of [
      [withdrawal, created, updated],
      [created, withdrawal, updated],
      [updated, created, withdrawal],
    ]) {
      const ledger = expectLedgers({ ...none, hnu: order }).ledgerOf(zhang, 2024);
      expect(ledger).toMatchObject({ professionalHundredths: 0, entries: 0 });
      expect(ledger.records).toMatchObject([{ recordId: 'R1', state: 'revoked', hundredths: 450 }]);
    }
  });

  it('counts the earliest of two records of one course, and the repeat once the first is withdrawn', () => {
    const first = hnuEvent({ recordId: 'R1', completedAt: '2024-03-01T10:00:00+08:00', credits: 6 });
    const second = hnuEvent({ recordId: 'R2', completedAt: '2024-04-01T10:00:00+08:00', credits: 4 });
    const both = expectLedgers({ ...none, hnu: [second, first] }).ledgerOf(zhang, 2024);
    expect(both).toMatchObject({ professionalHundredths: 600, entries: 1 });
    expect(both.records.map((r) => r.state)).toEqual(['counted', 'repeat']);
    const afterWithdrawal = expectLedgers({
      ...none,
      hnu: [second, first, revoked('R1', '2024-07-01T00:00:00+08:00')],
    }).ledgerOf(zhang, 2024);
    expect(afterWithdrawal).toMatchObject({ professionalHundredths: 400, entries: 1 });
  });

  it('records a failed exam without counting it, and counts the retake', () => {
    const failed = hnuEvent({ recordId: 'R1', examPassed: false, completedAt: '2024-03-01T10:00:00+08:00' });
    const retake = hnuEvent({ recordId: 'R2', completedAt: '2024-03-09T10:00:00+08:00', credits: 6 });
    const ledger = expectLedgers({ ...none, hnu: [failed, retake] }).ledgerOf(zhang, 2024);
    expect(ledger).toMatchObject({ professionalHundredths: 600, entries: 1 });
    expect(ledger.records.map((r) => r.state)).toEqual(['not-passed', 'counted']);
  });

  it('puts year-boundary times in their Beijing year, and makeup study in the year before', () => {
    const expectation = expectLedgers({
      ...none,
      hnu: [
        hnuEvent({ recordId: 'R1', completedAt: '2024-12-31T23:59:59+08:00', code: 'A' }),
        hnuEvent({ recordId: 'R2', completedAt: '2024-12-31T16:30:00Z', code: 'B', credits: 2 }),
        hnuEvent({
          recordId: 'R3',
          completedAt: '2025-01-02T08:00:00+08:00',
          code: 'C',
          credits: 3,
          trainingYear: 2024,
        }),
        hnuEvent({
          recordId: 'R4',
          completedAt: '2025-01-02T08:00:00+08:00',
          code: 'D',
          credits: 3,
          trainingYear: 2023,
        }),
      ],
    });
    expect(expectation.ledgerOf(zhang, 2024).professionalHundredths).toBe(900);
    expect(expectation.ledgerOf(zhang, 2025).professionalHundredths).toBe(200);
    expect(expectation.rejected).toEqual([{ platform: 'hnu', recordId: 'R4', fields: ['data.trainingYear'] }]);
  });

  it('converts jxnu minutes by the 45-minute rule in half 学时 rounded down', () => {
    expect([135, 100, 44, 45, 67, 68, 90, 6000].map(hundredthsOfMinutes)).toEqual([
      300, 200, 0, 100, 100, 150, 200, 13300,
    ]);
  });

  it('expects bad category, 0 hours, a time in the future and a wrong check character to be rejected', () => {
    const expectation = expectLedgers({
      ...none,
      hnu: [
        hnuEvent({ recordId: 'R1', subject: '选修科目' }),
        hnuEvent({ recordId: 'R2', credits: 0 }),
        hnuEvent({ recordId: 'R3', completedAt: '2026-01-01T08:30:00+08:00' }),
        hnuEvent({ recordId: 'R4', idCardNo: '360421198503150021' }),
        hnuEvent({ recordId: 'R5', credits: '1.234' }),
      ],
    });
    expect(expectation.rejected.map((r) => [r.recordId, r.fields])).toEqual([
      ['R1', ['data.course.subject']],
      ['R2', ['data.course.credits']],
      ['R3', ['data.completedAt']],
      ['R4', ['data.learner.idCardNo']],
      ['R5', ['data.course.credits']],
    ]);
    expect(expectation.ledgers).toEqual([]);
  });

  it('takes a jxnu withdrawal with bad fields as a withdrawal of its record', () => {
    const batch = JSON.parse(exampleText('jxnu-batch.json')) as { records: Array<Record<string, unknown>> };
    const completion = batch.records[0] as Record<string, unknown>;
    const withdrawal = { ...completion, zt: 0, sfzh: 'garbage' };
    const ledger = expectLedgers({ ...none, jxnu: [completion, withdrawal] }).ledgerOf('360102198001011235', 2024);
    expect(ledger).toMatchObject({ publicHundredths: 0, entries: 0 });
  });

  it('agrees with the generator on which records are bad, and finds no ties it cannot order', () => {
    for (const seed of ['a', 'b', 'c']) {
      const scenario = generateScenario({ seed, people: 12, completions: 300 });
      const expectation = expectLedgers(oracleInputOf(scenario, now));
      // Bad records, and good records with a correction dated in the future (that version alone is rejected).
      const planned = new Set(
        scenario.records
          .filter((r) => r.bad || r.features.includes('future-correction'))
          .map((r) => `${r.platform}#${r.recordId}`),
      );
      expect(new Set(expectation.rejected.map((r) => `${r.platform}#${r.recordId}`))).toEqual(planned);
      expect(expectation.ambiguous).toEqual([]);
      // Every ledger's totals are the sum of its counted entries, and someone is compliant.
      for (const ledger of expectation.ledgers)
        expect(ledger.totalHundredths).toBe(ledger.publicHundredths + ledger.professionalHundredths);
    }
  });
});
