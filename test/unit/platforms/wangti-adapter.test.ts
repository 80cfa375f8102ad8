import { describe, expect, it } from 'vitest';
import { completionVersionSchema } from '../../../shared/completion.js';
import {
  normaliseWangtiRow,
  wangtiRowField,
  wangtiWithdrawalReason,
} from '../../../shared/platforms/wangti/adapter.js';
import { completionIn, refusalIn, withdrawalIn } from '../../support/results.js';
import {
  contextOf,
  idCardEndingInX,
  idCardWithWrongCheck,
  wangtiRowOf,
  type WangtiCells,
} from '../../support/platform-payloads.js';

const context = contextOf();
const normalise = (row: unknown) => normaliseWangtiRow(row, 0, context);
const completionOf = (cells: WangtiCells = {}) => completionIn(normalise(wangtiRowOf(cells)).result);
const errorOf = (row: unknown): string => refusalIn(normalise(row).result);

describe('wangti rows', () => {
  it('normalise a valid row, with 更新时间 as the version time', () => {
    const version = completionOf({ 完成时间: '2024/06/01 10:00:00', 更新时间: '2024/06/03 08:00:00' });
    expect(completionVersionSchema.parse(version)).toEqual(version);
    expect(version).toMatchObject({
      platform: 'wangti',
      recordId: 'WT-T-0001',
      versionAt: '2024-06-03T00:00:00.000Z',
      completedAt: '2024-06-01T02:00:00.000Z',
      hundredths: 250,
      category: 'professional',
      topicMatched: '新材料',
      passed: true,
      withdrawn: false,
      creditYear: 2024,
    });
  });

  it('give the 流水号 back, also when the row is refused', () => {
    expect(normalise(wangtiRowOf({ 流水号: ' WT-9 ' })).recordId).toBe('WT-9');
    expect(normalise(wangtiRowOf({ 流水号: 'WT-9', 学时: '0' })).recordId).toBe('WT-9');
    expect(normalise(wangtiRowOf({ 流水号: '' })).recordId).toBeUndefined();
  });

  it('name problems by the Chinese column names', () => {
    expect(errorOf(wangtiRowOf({ 身份证号: idCardWithWrongCheck() }))).toBe('身份证号: check character does not match');
    expect(errorOf(wangtiRowOf({ 科目类别: '其他' }))).toBe('科目类别: must be 公需 or 专业');
    expect(errorOf(wangtiRowOf({ 状态: '删除' }))).toBe('状态: must be 有效 or 撤销');
    expect(errorOf(wangtiRowOf({ 完成时间: '2024-13-01 00:00:00' }))).toBe(
      '完成时间: must be a Beijing time YYYY/MM/DD HH:mm:ss',
    );
    expect(errorOf(wangtiRowOf({ 更新时间: '' }))).toBe('更新时间: must be a Beijing time YYYY/MM/DD HH:mm:ss');
    expect(errorOf(wangtiRowOf({ 培训年度: '24' }))).toBe('培训年度: must be a year such as 2024');
    expect(errorOf(wangtiRowOf({ 课程编号: ' ' }))).toBe('课程编号: must not be empty');
  });

  it('read 学时 as a decimal, refusing 0, more than 100 and text', () => {
    expect(completionOf({ 学时: '10' }).hundredths).toBe(1000);
    expect(completionOf({ 学时: '0.5' }).hundredths).toBe(50);
    expect(completionOf({ 学时: '100' }).hundredths).toBe(10_000);
    expect(errorOf(wangtiRowOf({ 学时: '0' }))).toBe('学时: must be more than 0 学时');
    expect(errorOf(wangtiRowOf({ 学时: '100.01' }))).toBe('学时: must be at most 100 学时');
    expect(errorOf(wangtiRowOf({ 学时: 'abc' }))).toBe('学时: is not a number of 学时');
    expect(errorOf(wangtiRowOf({ 学时: '' }))).toBe('学时: is missing');
    expect(errorOf(wangtiRowOf({ 学时: '2.555' }))).toBe('学时: must have at most two decimal places');
  });

  it('read 科目类别 公需/专业 (and the other spellings)', () => {
    expect(completionOf({ 科目类别: '公需', 专题: '专业技术人员职业道德和能力建设' })).toMatchObject({
      category: 'public',
      topicMatched: '专业技术人员职业道德和能力建设',
    });
    expect(completionOf({ 科目类别: '专业科目' }).category).toBe('professional');
  });

  it('read 撤销 as a withdrawal that still carries the person and the course', () => {
    expect(completionOf({ 状态: '撤销' })).toMatchObject({
      kind: 'completion',
      withdrawn: true,
      course: { code: 'WT-ZY-0815' },
    });
  });

  it('still withdraw the 流水号 when a 撤销 row is otherwise not valid', () => {
    const { recordId, result } = normalise(
      wangtiRowOf({ 状态: '撤销', 学时: '0', 身份证号: 'unknown', 更新时间: '2024/12/30 10:00:00' }),
    );
    expect(recordId).toBe('WT-T-0001');
    expect(withdrawalIn(result)).toMatchObject({
      platform: 'wangti',
      recordId: 'WT-T-0001',
      reason: wangtiWithdrawalReason,
      versionAt: '2024-12-30T02:00:00.000Z',
    });
    expect(normalise(wangtiRowOf({ 状态: '撤销', 学时: '0', 更新时间: 'later' })).result.ok).toBe(false);
    expect(normalise(wangtiRowOf({ 状态: '有效', 学时: '0' })).result.ok).toBe(false);
  });

  it('read an empty 培训年度 as none, and a year as makeup when it is the year before', () => {
    expect(completionOf({ 完成时间: '2025/01/10 10:00:00', 培训年度: '' })).toMatchObject({
      creditYear: 2025,
      makeup: false,
    });
    expect(completionOf({ 完成时间: '2025/01/10 10:00:00', 培训年度: ' 2024 ' })).toMatchObject({
      creditYear: 2024,
      makeup: true,
    });
    const { result } = normalise({ ...wangtiRowOf(), trainingYear: undefined });
    expect(result.ok).toBe(true);
  });

  it('accept the check character x in lower case, with spaces around', () => {
    expect(completionOf({ 身份证号: ` ${idCardEndingInX.toLowerCase()} ` }).person.idCardLast4).toBe(
      idCardEndingInX.slice(-4),
    );
  });

  it('check a row given back from a stored failure, naming the missing columns', () => {
    const { recordId: _r, hours: _h, ...rest } = wangtiRowOf() as Record<string, unknown>;
    const { result } = normalise(rest);
    expect(result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      '流水号: is missing',
      '学时: is missing',
    ]);
    expect(errorOf({ ...wangtiRowOf(), hours: 2.5 })).toBe('学时: must be text');
  });

  it('name a row that is no object at all as the row', () => {
    for (const row of [null, 'WT-1,2,3', 7, [1, 2]]) expect(errorOf(row)).toMatch(new RegExp(`^${wangtiRowField}: `));
  });
});
