import { describe, expect, it } from 'vitest';
import { categoryOf, decideCredit, foldWidth, matchTopic } from '../../../shared/rules/classify.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';

const fields = { completedAt: 'wcsj', trainingYear: 'pxnd' };
const now = new Date('2025-06-01T00:00:00Z');
const decide = (completedAt: string, trainingYear?: number, topic = '新能源') =>
  decideCredit(
    { completedAt: new Date(completedAt), trainingYear, category: 'professional', topic },
    fields,
    defaultRuleBook,
    now,
  );

describe('categories and topics', () => {
  it('knows the three spellings of each category and nothing else', () => {
    for (const name of ['公需科目', '公需课', '公需', ' 公需 ']) expect(categoryOf(name)).toBe('public');
    for (const name of ['专业科目', '专业课', '专业']) expect(categoryOf(name)).toBe('professional');
    for (const name of ['其他', '', '公需专业']) expect(categoryOf(name)).toBeUndefined();
  });

  it('finds no category in the prototype of the lookup object', () => {
    for (const name of ['valueOf', 'toString', 'constructor', '__proto__', 'hasOwnProperty'])
      expect(categoryOf(name), name).toBeUndefined();
  });

  it('matches topics exactly or after folding width and spaces', () => {
    const topics = ['新能源', '打造“三大高地”、实施“五大战略”，走好新时代赶考之路'];
    expect(matchTopic('新能源', topics)).toBe('新能源');
    expect(matchTopic('\u3000新能源 ', topics)).toBe('新能源');
    expect(matchTopic('打造“三大高地”、实施“五大战略”,走好新时代赶考之路', topics)).toBe(topics[1]);
    expect(matchTopic('量子计算', topics)).toBeNull();
    expect(foldWidth('ＡＢＣ１２３')).toBe('ABC123');
  });
});

describe('the credit year', () => {
  it('is the Beijing calendar year of the completion without a training year', () => {
    expect(decide('2024-12-31T23:59:59+08:00')).toMatchObject({ ok: true, value: { creditYear: 2024, makeup: false } });
    expect(decide('2024-12-31T16:30:00Z')).toMatchObject({ ok: true, value: { creditYear: 2025, makeup: false } });
  });

  it('is the year before as makeup study, and nothing further back or ahead', () => {
    expect(decide('2025-01-02T00:00:00Z', 2024)).toMatchObject({ ok: true, value: { creditYear: 2024, makeup: true } });
    expect(decide('2025-01-02T00:00:00Z', 2023)).toMatchObject({ ok: false, problems: [{ field: 'pxnd' }] });
    expect(decide('2024-06-02T00:00:00Z', 2025)).toMatchObject({ ok: false, problems: [{ field: 'pxnd' }] });
  });

  it('refuses a completion more than 10 minutes ahead of the clock', () => {
    expect(decide(new Date(now.getTime() + 10 * 60_000).toISOString()).ok).toBe(true);
    expect(decide(new Date(now.getTime() + 10 * 60_000 + 1000).toISOString())).toMatchObject({
      ok: false,
      problems: [{ field: 'wcsj' }],
    });
  });

  it('names the completion time when its year has no rules and no training year was sent', () => {
    expect(decide('2019-05-01T00:00:00Z')).toMatchObject({
      ok: false,
      problems: [{ field: 'wcsj', message: expect.stringContaining('2019') }],
    });
    expect(decide('2020-01-05T00:00:00Z', 2019)).toMatchObject({ ok: false, problems: [{ field: 'pxnd' }] });
  });
});
