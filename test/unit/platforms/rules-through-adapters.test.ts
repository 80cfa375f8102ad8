/**
 * The rules (rules.md) as each platform meets them: the same decision, the field named as that
 * platform names it.
 */
import { describe, expect, it } from 'vitest';
import type { CompletionVersion } from '../../../shared/completion.js';
import { normaliseHnuEvent } from '../../../shared/platforms/hnu/adapter.js';
import { normaliseJxnuRecord } from '../../../shared/platforms/jxnu/adapter.js';
import { normaliseWangtiRow } from '../../../shared/platforms/wangti/adapter.js';
import type { Result } from '../../../shared/result.js';
import { toBeijingIso } from '../../../shared/rules/beijing-time.js';
import { contextOf, hnuEventOf, jxnuRecordOf, now, wangtiRowOf } from '../../support/platform-payloads.js';
import { completionIn } from '../../support/results.js';

const context = contextOf();

/** One completion described the same way for every platform, in that platform's format. */
interface Case {
  /** An instant, as ISO with offset. */
  readonly completedAt: string;
  readonly trainingYear?: number;
  readonly category?: 'public' | 'professional';
  readonly topic?: string;
}

const beijingLocal = (iso: string, separator: '-' | '/'): string =>
  toBeijingIso(new Date(iso)).slice(0, 19).replace('T', ' ').replaceAll('-', separator);

const platforms = {
  hnu: {
    fields: {
      completedAt: 'data.completedAt',
      trainingYear: 'data.trainingYear',
      category: 'data.course.subject',
      hours: 'data.course.credits',
    },
    run: (c: Case, hours: unknown = 6): Result<CompletionVersion> =>
      normaliseHnuEvent(
        hnuEventOf({
          data: { completedAt: c.completedAt, trainingYear: c.trainingYear },
          course: {
            subject: c.category === 'public' ? '公需科目' : c.category === undefined ? '专业科目' : c.category,
            topic: c.topic ?? '新能源',
            credits: hours,
          },
        }),
        context,
      ),
  },
  jxnu: {
    fields: { completedAt: 'wcsj', trainingYear: 'pxnd', category: 'kclb', hours: 'xxsc' },
    run: (c: Case, minutes: unknown = 270): Result<CompletionVersion> =>
      normaliseJxnuRecord(
        jxnuRecordOf({
          wcsj: beijingLocal(c.completedAt, '-'),
          pxnd: c.trainingYear,
          kclb: c.category === 'public' ? '公需课' : c.category === undefined ? '专业课' : c.category,
          ztmc: c.topic ?? '新能源',
          xxsc: minutes,
        }),
        0,
        now,
        context,
      ).result,
  },
  wangti: {
    fields: { completedAt: '完成时间', trainingYear: '培训年度', category: '科目类别', hours: '学时' },
    run: (c: Case, hours: unknown = '6'): Result<CompletionVersion> =>
      normaliseWangtiRow(
        wangtiRowOf({
          完成时间: beijingLocal(c.completedAt, '/'),
          培训年度: c.trainingYear === undefined ? '' : String(c.trainingYear),
          科目类别: c.category === 'public' ? '公需' : c.category === undefined ? '专业' : c.category,
          专题: c.topic ?? '新能源',
          学时: hours as string,
        }),
        0,
        context,
      ).result,
  },
} as const;

const cases = Object.entries(platforms) as Array<[keyof typeof platforms, (typeof platforms)[keyof typeof platforms]]>;

const problemFields = (result: Result<CompletionVersion>): string[] =>
  result.ok ? [] : result.problems.map((p) => p.field);

describe.each(cases)('rules through the %s adapter', (_name, platform) => {
  it('puts the year boundary at Beijing midnight', () => {
    expect(completionIn(platform.run({ completedAt: '2024-12-31T16:30:00Z' })).creditYear).toBe(2025);
    expect(completionIn(platform.run({ completedAt: '2024-12-31T23:59:59+08:00' })).creditYear).toBe(2024);
    expect(completionIn(platform.run({ completedAt: '2025-01-01T00:00:00+08:00' })).creditYear).toBe(2025);
  });

  it('credits makeup study to the year before, flagged', () => {
    expect(completionIn(platform.run({ completedAt: '2025-01-02T08:00:00+08:00', trainingYear: 2024 }))).toMatchObject({
      creditYear: 2024,
      makeup: true,
    });
    expect(completionIn(platform.run({ completedAt: '2025-01-02T08:00:00+08:00', trainingYear: 2025 }))).toMatchObject({
      creditYear: 2025,
      makeup: false,
    });
  });

  it('refuses a training year two years back, or ahead, naming the field', () => {
    expect(problemFields(platform.run({ completedAt: '2025-01-02T08:00:00+08:00', trainingYear: 2023 }))).toEqual([
      platform.fields.trainingYear,
    ]);
    expect(problemFields(platform.run({ completedAt: '2024-06-02T08:00:00+08:00', trainingYear: 2025 }))).toEqual([
      platform.fields.trainingYear,
    ]);
  });

  it('refuses a completion more than 10 minutes in the future, naming the completion time', () => {
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
    expect(platform.run({ completedAt: at(600) }).ok).toBe(true);
    expect(problemFields(platform.run({ completedAt: at(601) }))).toEqual([platform.fields.completedAt]);
    expect(problemFields(platform.run({ completedAt: at(86_400) }))).toEqual([platform.fields.completedAt]);
  });

  it('refuses a year the hub has no rules for, naming the completion time', () => {
    expect(problemFields(platform.run({ completedAt: '2019-06-01T08:00:00+08:00' }))).toEqual([
      platform.fields.completedAt,
    ]);
  });

  it('refuses the category 其他, naming the field', () => {
    expect(
      problemFields(platform.run({ completedAt: '2024-06-01T08:00:00+08:00', category: '其他' as never })),
    ).toEqual([platform.fields.category]);
  });

  it('matches topics with full-width characters or extra spaces, and records an unknown topic as other', () => {
    const base = { completedAt: '2024-06-01T08:00:00+08:00' };
    expect(completionIn(platform.run({ ...base, topic: '\u3000新能源  ' })).topicMatched).toBe('新能源');
    const publicTopic = '打造“三大高地”、实施“五大战略”，走好新时代赶考之路';
    expect(
      completionIn(platform.run({ ...base, category: 'public', topic: ` ${publicTopic.replace('，', ',')}\u3000` }))
        .topicMatched,
    ).toBe(publicTopic);
    const unknown = completionIn(platform.run({ ...base, topic: '量子计算' }));
    expect([unknown.topic, unknown.topicMatched]).toEqual(['量子计算', null]);
  });
});

describe('hours through the adapters', () => {
  const base = { completedAt: '2024-06-01T08:00:00+08:00' };

  it.each([
    ['hnu', 0],
    ['hnu', 100.01],
    ['hnu', 'abc'],
    ['wangti', '0'],
    ['wangti', '100.01'],
    ['wangti', 'abc'],
    ['jxnu', 0],
    ['jxnu', 6001],
    ['jxnu', 'abc'],
  ] as const)('%s refuses %s, naming the hours field', (name, hours) => {
    const platform = platforms[name];
    expect(problemFields(platform.run(base, hours))).toEqual([platform.fields.hours]);
  });

  it('accepts the upper bound exactly: 100 学时, 4,500 minutes', () => {
    expect(completionIn(platforms.hnu.run(base, 100)).hundredths).toBe(10_000);
    expect(completionIn(platforms.wangti.run(base, '100')).hundredths).toBe(10_000);
    expect(completionIn(platforms.jxnu.run(base, 4500)).hundredths).toBe(10_000);
  });

  it.each([
    ['hnu', 100.01],
    ['hnu', '100.01'],
    ['wangti', '100.01'],
    ['jxnu', 4501],
  ] as const)('%s refuses %s, just over the upper bound, as hours out of range', (name, hours) => {
    const result = platforms[name].run(base, hours);
    expect(result.ok ? [] : result.problems.map((p) => [p.field, p.rule])).toEqual([
      [platforms[name].fields.hours, 'hours-out-of-range'],
    ]);
  });
});
