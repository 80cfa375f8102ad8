/** The spec's own example payloads (../shared/examples), through the adapters. */
import { describe, expect, it } from 'vitest';
import { completionVersionSchema, type CompletionRecord } from '../../../shared/completion.js';
import { normaliseHnuEvent } from '../../../shared/platforms/hnu/adapter.js';
import { normaliseJxnuRecord } from '../../../shared/platforms/jxnu/adapter.js';
import { jxnuBatchAnswer, jxnuRecordResultOf, parseJxnuBatch } from '../../../shared/platforms/jxnu/batch.js';
import { parseWangtiCsv } from '../../../shared/platforms/wangti/csv.js';
import { readWangtiPage } from '../../../shared/platforms/wangti/export-page.js';
import { describeProblems } from '../../../shared/result.js';
import { exampleJson, exampleText, jxnuExampleAnswer } from '../../support/examples.js';
import { contextOf, now, testCrypto } from '../../support/platform-payloads.js';

const context = contextOf();

const completion = (result: ReturnType<typeof normaliseHnuEvent>): CompletionRecord => {
  expect(result.ok, JSON.stringify(result)).toBe(true);
  if (!result.ok || result.value.kind !== 'completion') throw new Error('expected a completion');
  expect(completionVersionSchema.safeParse(result.value).success).toBe(true);
  return result.value;
};

describe('the hnu examples', () => {
  it('created: lower-case x accepted, unknown field ignored, 6 professional hours in 2024 on 新能源', () => {
    const version = completion(normaliseHnuEvent(exampleJson('hnu-completion-created.json'), context));
    expect(version).toMatchObject({
      platform: 'hnu',
      kind: 'completion',
      recordId: 'HNU-2024-0000123',
      versionAt: '2024-12-31T15:40:12.000Z',
      completedAt: '2024-12-31T15:40:12.000Z',
      category: 'professional',
      topic: '新能源',
      topicMatched: '新能源',
      hundredths: 600,
      creditYear: 2024,
      makeup: false,
      passed: true,
      withdrawn: false,
      person: { personKey: testCrypto.personKey('36042119850315002X' as never), idCardLast4: '002X' },
    });
    expect(testCrypto.decrypt(version.person.idCardEnc)).toBe('36042119850315002X');
    expect(JSON.stringify(version)).not.toMatch(/36042119850315002|channel|mobile|张三|江西省科学院/);
  });

  it('updated: the same record and person with credits "4.5" and the later version time', () => {
    const created = completion(normaliseHnuEvent(exampleJson('hnu-completion-created.json'), context));
    const updated = completion(normaliseHnuEvent(exampleJson('hnu-completion-updated.json'), context));
    expect(updated).toMatchObject({
      recordId: created.recordId,
      hundredths: 450,
      creditYear: 2024,
      versionAt: '2025-01-03T01:12:00.000Z',
    });
    expect(updated.person.personKey).toBe(created.person.personKey);
  });

  it('revoked: a withdrawal of the record with its reason', () => {
    expect(normaliseHnuEvent(exampleJson('hnu-completion-revoked.json'), context)).toEqual({
      ok: true,
      value: {
        schema: 'completion/v1',
        platform: 'hnu',
        kind: 'withdrawal',
        recordId: 'HNU-2024-0000123',
        reason: '考试作弊，成绩作废',
        versionAt: '2025-01-05T07:00:00.000Z',
        position: 0,
        receivedAt: now.toISOString(),
        correlationId: context.correlationId,
      },
    });
  });
});

describe('the jxnu batch example', () => {
  const batch = parseJxnuBatch(exampleText('jxnu-batch.json'));
  if (!batch.ok) throw new Error('the example batch does not parse');
  const versionAt = new Date('2025-01-15T00:00:00.123Z');
  const outcomes = batch.records.map((record, index) => normaliseJxnuRecord(record, index, versionAt, context));

  it('gives four results in order, record 2 rejected with exactly the spec’s error', () => {
    expect(batch.batchNo).toBe('20241231-0007');
    expect(
      jxnuBatchAnswer(
        batch.batchNo,
        outcomes.map(({ xh, result }) => jxnuRecordResultOf(xh, result)),
      ),
    ).toEqual(jxnuExampleAnswer);
    const second = outcomes[1]?.result;
    expect(second && !second.ok && describeProblems(second.problems)).toBe('sfzh: check character does not match');
  });

  it('record 1: public, 135 minutes = 3 学时, training year 2024, the request time as version time', () => {
    expect(completion(outcomes[0]!.result)).toMatchObject({
      category: 'public',
      hundredths: 300,
      creditYear: 2024,
      makeup: false,
      versionAt: versionAt.toISOString(),
      topicMatched: '学习贯彻习近平总书记考察江西重要讲话精神',
    });
  });

  it('record 3: makeup study, completed 2025-01-02 for 2024', () => {
    expect(completion(outcomes[2]!.result)).toMatchObject({
      completedAt: '2025-01-02T00:00:00.000Z',
      creditYear: 2024,
      makeup: true,
      hundredths: 200,
      person: { idCardLast4: '007X' },
    });
  });

  it('record 4: withdrawn (zt = 0), still carrying the person and the course', () => {
    expect(completion(outcomes[3]!.result)).toMatchObject({
      kind: 'completion',
      withdrawn: true,
      recordId: 'JXNU202401150044',
      course: { code: 'JX-ZY-2024-03' },
      hundredths: 400,
      creditYear: 2024,
    });
  });
});

describe('the wangti export page example', () => {
  const raw = exampleText('wangti-export-page.csv');

  it('holds a byte-order mark, CRLF line ends, and a bare LF inside the quoted title', () => {
    expect(raw.startsWith('\uFEFF')).toBe(true);
    expect(raw.split('\r\n')).toHaveLength(7);
    expect(raw).toContain('"电子信息\n前沿（上）"');
  });

  it('parses into 5 rows with their lines, quotes and line break kept as in the file', () => {
    const page = parseWangtiCsv(raw);
    expect(page.pageProblems).toEqual([]);
    const rows = page.rows.map((row) => (row.ok ? row.row : undefined));
    expect(rows.map((row) => [row?.line, row?.recordId])).toEqual([
      [2, 'WT-88000123'],
      [3, 'WT-88000124'],
      [4, 'WT-88000125'],
      [6, 'WT-88000077'],
      [7, 'WT-88000126'],
    ]);
    expect(rows[0]?.courseTitle).toBe('新材料"双碳"路径，案例');
    expect(rows[1]?.courseTitle).toBe('打造“三大高地”、实施“五大战略”，走好新时代赶考之路');
    expect(rows[2]?.courseTitle).toBe('电子信息\n前沿（上）');
    expect(rows.map((row) => row?.trainingYear)).toEqual(['', '', '', '', '2024']);
    expect(JSON.stringify(rows)).not.toMatch(/王五|孙七|周八|吴九/);
  });

  it('normalises every row: the withdrawal, the makeup row, 2.5 and 10 学时', () => {
    const page = readWangtiPage(raw, context);
    expect(page.pageProblems).toEqual([]);
    const versions = page.rows.map((row) => completion(row.result));
    expect(versions.map((v) => [v.recordId, v.hundredths, v.category, v.creditYear, v.makeup, v.withdrawn])).toEqual([
      ['WT-88000123', 250, 'professional', 2024, false, false],
      ['WT-88000124', 1000, 'public', 2024, false, false],
      ['WT-88000125', 300, 'professional', 2024, false, false],
      ['WT-88000077', 200, 'professional', 2024, false, true],
      ['WT-88000126', 400, 'professional', 2024, true, false],
    ]);
    expect(versions[4]).toMatchObject({
      completedAt: '2025-01-10T02:00:00.000Z',
      versionAt: '2025-01-10T02:00:00.000Z',
    });
    expect(versions[3]).toMatchObject({
      versionAt: '2024-12-30T02:00:00.000Z',
      completedAt: '2024-05-01T00:00:00.000Z',
    });
    expect(versions[1]?.topicMatched).toBe('打造“三大高地”、实施“五大战略”，走好新时代赶考之路');
  });
});
