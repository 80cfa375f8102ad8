/**
 * The model itself, held to the spec's own statements and examples (rules.md, platforms.md,
 * ../shared/examples): what it says there is what the spec says, so its verdicts on generated
 * cases are the spec's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JxnuDelivery } from './deliveries.js';
import { beijingYearOf, parseIso, parseJxnuTime, parseWangtiTime } from './spec/beijing-time.js';
import { hundredthsOfDecimal, hundredthsOfMinutes } from './spec/hours.js';
import { judgeIdCard } from './spec/id-card.js';
import { modelOf } from './spec/ledgers.js';
import { topicKeyOf } from './spec/topics.js';

const example = (name: string) => readFileSync(new URL(`../../../shared/examples/${name}`, import.meta.url), 'utf8');

describe('the model of rules.md and platforms.md', () => {
  it('rounds jxnu minutes as rules.md does: under 45 is 0, then half 学时 rounded down; 0 and over 4,500 are bad input', () => {
    const cases: [number, number | undefined][] = [
      [135, 300],
      [100, 200],
      [68, 150],
      [67, 100],
      [44, 0],
      [45, 100],
      [1, 0],
      [4_500, 10_000],
      [4_501, undefined],
      [0, undefined],
      [-5, undefined],
      [90.5, undefined],
    ];
    for (const [minutes, hundredths] of cases)
      expect([minutes, hundredthsOfMinutes(minutes)]).toEqual([minutes, hundredths]);
  });

  it('reads decimal 学时 exactly: more than 0, at most 100, numbers or decimal strings', () => {
    const cases: [unknown, number | undefined][] = [
      ['1.5', 150],
      [0.01, 1],
      [100, 10_000],
      ['100.00', 10_000],
      [100.01, undefined],
      [0, undefined],
      ['abc', undefined],
      ['', undefined],
      [null, undefined],
      ['2,5', undefined],
    ];
    for (const [sent, hundredths] of cases) expect([sent, hundredthsOfDecimal(sent)]).toEqual([sent, hundredths]);
    expect(hundredthsOfDecimal(0.1)! + hundredthsOfDecimal(0.2)!).toBe(hundredthsOfDecimal('0.3'));
  });

  it('takes the credit year in Beijing time: 2024-12-31T23:59:59+08:00 is 2024, 2024-12-31T16:30:00Z is 2025', () => {
    expect(beijingYearOf(parseIso('2024-12-31T23:59:59+08:00')!)).toBe(2024);
    expect(beijingYearOf(parseIso('2024-12-31T16:30:00Z')!)).toBe(2025);
    expect(parseJxnuTime('2024-06-01 10:20:30')).toBe(Date.parse('2024-06-01T10:20:30+08:00'));
    expect(parseWangtiTime('2024/12/31 23:59:59')).toBe(Date.parse('2024-12-31T23:59:59+08:00'));
    expect([
      parseJxnuTime('2024-13-01 10:00:00'),
      parseWangtiTime('2025/02/30 10:00:00'),
      parseIso('yesterday'),
    ]).toEqual([undefined, undefined, undefined]);
  });

  it('checks ID card numbers as platforms.md: either case of X, surrounding spaces, a wrong check character or date is bad', () => {
    expect(judgeIdCard('36042119850315002x')).toEqual({ ok: true, idCardNo: '36042119850315002X' });
    expect(judgeIdCard(' 360102198001011235  ')).toEqual({ ok: true, idCardNo: '360102198001011235' });
    expect(judgeIdCard('360102198001011234')).toEqual({ ok: false, why: 'check character does not match' });
    expect(judgeIdCard('36010219900230123X').ok).toBe(false);
    expect(judgeIdCard(undefined).ok).toBe(false);
  });

  it('matches topics exactly or after trimming and width folding, else other', () => {
    expect(topicKeyOf(' 新能源 ')).toBe('新能源');
    expect(topicKeyOf('打造“三大高地”、实施“五大战略”,走好新时代赶考之路')).toBe(
      '打造“三大高地”、实施“五大战略”，走好新时代赶考之路',
    );
    expect(topicKeyOf('人工智能')).toBe('other');
  });

  it("gives the example jxnu batch's outcome: record 2 rejected for its check character, 李四 3 public 学时, 赵六 2 makeup 学时 in 2024", () => {
    const delivery: JxnuDelivery = {
      platform: 'jxnu',
      timestampMs: Date.parse('2025-01-05T10:00:00+08:00'),
      body: JSON.parse(example('jxnu-batch.json')),
    };
    const model = modelOf([{ delivery, receivedAtMs: delivery.timestampMs }]);
    expect(model.perDelivery[0]!.map((j) => (j.ok ? 'accepted' : j.fields.join()))).toEqual([
      'accepted',
      'sfzh',
      'accepted',
      'accepted',
    ]);
    expect(model.ledgerOf('360102198001011235', 2024)).toMatchObject({
      publicHundredths: 300,
      professionalHundredths: 0,
      counted: 1,
    });
    const zhao = model.ledgerOf('36010319881230007X', 2024);
    expect(zhao).toMatchObject({ professionalHundredths: 200, counted: 1 });
    expect(zhao.entries.map((e) => [e.recordId, e.state, e.completion?.makeup])).toEqual(
      expect.arrayContaining([
        ['JXNU202412310003', 'counted', true],
        ['JXNU202401150044', 'revoked', false],
      ]),
    );
  });

  it('imports nothing of the hub: no module of test/model but the harness reaches shared/, sim/, aws/, functions/ or local/', () => {
    const root = new URL('./', import.meta.url);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && f !== 'harness.ts' && !f.endsWith('.test.ts'),
    );
    expect(files.length).toBeGreaterThan(10);
    const reaching = files.filter((f) =>
      /from '(\.\.\/)+(shared|sim|aws|functions|local)\//.test(readFileSync(new URL(f, root), 'utf8')),
    );
    expect(reaching).toEqual([]);
  });
});
