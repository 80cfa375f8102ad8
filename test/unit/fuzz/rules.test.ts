/**
 * Fuzzing the rules (rules.md) against independent statements of them: arbitrary times,
 * training years, categories, topics and hour values never throw, and each decision is the
 * one the rule text gives; a refusal always names the field it is about.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hundredthsFromDecimal, hundredthsFromMinutes } from '../../../shared/hours.js';
import { withStates } from '../../../shared/ledger/states.js';
import type { LedgerEntry } from '../../../shared/ledger/entry.js';
import { categoryOf, decideCredit, matchTopic } from '../../../shared/rules/classify.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { categorySpellings } from '../../support/spec-text.js';

const fields = { completedAt: 'wcsj', trainingYear: 'pxnd' } as const;
const hourMs = 3_600_000;
const ruledYears = [...defaultRuleBook.keys()];

/** rules.md, said again: the calendar year of the instant in UTC+08:00. */
const beijingYear = (instant: Date): number => new Date(instant.getTime() + 8 * hourMs).getUTCFullYear();

describe('the credit year under arbitrary times and training years', () => {
  it('is the rule text: no more than 10 minutes ahead; training year the completion year or the one before; a year with rules', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2022-06-01T00:00:00Z'), max: new Date('2027-06-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -60 * 24 * 400, max: 60 * 24 * 400 }),
        fc.option(fc.integer({ min: 1990, max: 2100 }), { nil: undefined }),
        fc.constantFrom('public' as const, 'professional' as const),
        (completedAt, minutesUntilNow, trainingYear, category) => {
          const now = new Date(completedAt.getTime() + minutesUntilNow * 60_000);
          const decision = decideCredit(
            { completedAt, trainingYear, category, topic: '新能源' },
            fields,
            defaultRuleBook,
            now,
          );
          const year = beijingYear(completedAt);
          const future = completedAt.getTime() - now.getTime() > 10 * 60_000;
          const trainingOk = trainingYear === undefined || trainingYear === year || trainingYear === year - 1;
          const creditYear = trainingYear ?? year;
          const expectedOk = !future && trainingOk && ruledYears.includes(creditYear);
          expect(decision.ok).toBe(expectedOk);
          if (decision.ok) {
            expect(decision.value.creditYear).toBe(creditYear);
            expect(decision.value.makeup).toBe(creditYear === year - 1);
          } else {
            expect(decision.problems.length).toBeGreaterThan(0);
            for (const problem of decision.problems) expect(['wcsj', 'pxnd']).toContain(problem.field);
            if (future) expect(decision.problems.map((p) => p.field)).toEqual(['wcsj']);
            else if (!trainingOk) expect(decision.problems.map((p) => p.field)).toEqual(['pxnd']);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('puts every instant of the last Beijing second of a year in that year, and Beijing midnight in the next', () => {
    fc.assert(
      fc.property(fc.constantFrom(2024, 2025), fc.integer({ min: 0, max: 999 }), (year, ms) => {
        const now = new Date(`${year + 1}-02-01T00:00:00Z`);
        const last = new Date(Date.UTC(year, 11, 31, 15, 59, 59, ms)); // 23:59:59.ms Beijing
        const first = new Date(Date.UTC(year, 11, 31, 16, 0, 0, ms)); // 00:00:00.ms Beijing, next year
        const decide = (completedAt: Date) =>
          decideCredit(
            { completedAt, trainingYear: undefined, category: 'public', topic: '' },
            fields,
            defaultRuleBook,
            now,
          );
        expect(decide(last)).toMatchObject({ ok: true, value: { creditYear: year } });
        expect(decide(first)).toMatchObject({ ok: true, value: { creditYear: year + 1 } });
      }),
    );
  });
});

describe('categories and topics under arbitrary text', () => {
  /** rules.md's list, read from the spec itself. */
  const spellings = categorySpellings;

  it('a category is one of the six spellings (with any surrounding white space) and nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom(...Object.keys(spellings)).map((s) => ` ${s}\t`),
          fc.constantFrom(...Object.keys(spellings)),
        ),
        (text) => {
          expect(categoryOf(text)).toBe(Object.hasOwn(spellings, text.trim()) ? spellings[text.trim()] : undefined);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('a topic matches a listed topic exactly or after width folding, and anything else is other (null)', () => {
    const topics = [
      ...(defaultRuleBook.get(2024)?.topics.professional ?? []),
      ...(defaultRuleBook.get(2024)?.topics.public ?? []),
    ];
    const toFullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom(...topics),
          fc.constantFrom(...topics).map((t) => `\u3000${toFullWidth(t)} `),
        ),
        (text) => {
          const matched = matchTopic(text, topics);
          if (matched !== null) expect(topics).toContain(matched);
          if (topics.includes(text)) expect(matched).toBe(text);
          if (
            topics.includes(text.replace(/\u3000/g, ' ').trim()) ||
            topics.some((t) => toFullWidth(t) === text.replace(/\u3000/g, ' ').trim())
          )
            expect(matched).not.toBeNull();
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('hours under arbitrary values', () => {
  it('a decimal is read exactly (at most two places) or refused, never rounded through floating point', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.double(),
          fc.integer(),
          fc.stringMatching(/^\d{1,3}(\.\d{1,4})?$/),
          fc.constant(null),
          fc.boolean(),
        ),
        (value) => {
          const read = hundredthsFromDecimal(value);
          const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
          const match = /^(\d{1,6})(?:\.(\d{1,2})0*)?$/.exec(text);
          if (typeof value !== 'number' && typeof value !== 'string') expect(read).toBeUndefined();
          else if (!match) expect(read).toBeUndefined();
          else expect(read).toBe(Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('minutes become half 学时 rounded down (under 45 minutes: 0), never more than the minutes are worth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6_000 }), (minutes) => {
        const hundredths = hundredthsFromMinutes(minutes);
        expect(hundredths % 50).toBe(0);
        expect(hundredths * 45).toBeLessThanOrEqual(minutes * 100);
        if (minutes < 45) expect(hundredths).toBe(0);
        else expect((hundredths + 50) * 45).toBeGreaterThan(minutes * 100);
      }),
    );
  });
});

describe('which entry of a course counts, under any entries', () => {
  const entryArbitrary = fc.record({
    recordId: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
    source: fc.constantFrom('hnu' as const, 'jxnu' as const),
    courseCode: fc.constantFrom('C1', 'C2'),
    day: fc.integer({ min: 1, max: 3 }),
    passed: fc.boolean(),
    withdrawn: fc.boolean(),
  });

  it('exactly one eligible entry of each course counts: the earliest, then the smaller record id; withdrawn and failed ones never', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(entryArbitrary, { selector: (e) => `${e.source}#${e.recordId}`, maxLength: 10 }),
        (specs) => {
          const entries: LedgerEntry[] = specs.map((s) => ({
            source: s.source,
            recordId: s.recordId,
            versionKey: 'v',
            courseCode: s.courseCode,
            courseTitle: '',
            category: 'professional',
            topic: '',
            topicMatched: null,
            hundredths: 100,
            completedAt: `2024-03-0${s.day}T00:00:00.000Z`,
            creditYear: 2024,
            makeup: false,
            passed: s.passed,
            withdrawn: s.withdrawn,
            state: 'counted',
            stateReason: '',
          }));
          const stated = withStates(entries);
          const byCourse = new Map<string, LedgerEntry[]>();
          for (const entry of entries)
            byCourse.set(`${entry.source}#${entry.courseCode}`, [
              ...(byCourse.get(`${entry.source}#${entry.courseCode}`) ?? []),
              entry,
            ]);
          for (const [course, group] of byCourse) {
            const eligible = group
              .filter((e) => e.passed && !e.withdrawn)
              .sort((a, b) =>
                a.completedAt === b.completedAt
                  ? a.recordId < b.recordId
                    ? -1
                    : 1
                  : a.completedAt < b.completedAt
                    ? -1
                    : 1,
              );
            const counted = stated.filter((e) => `${e.source}#${e.courseCode}` === course && e.state === 'counted');
            expect(counted.map((e) => e.recordId)).toEqual(eligible.slice(0, 1).map((e) => e.recordId));
          }
          for (const entry of stated) {
            if (entry.withdrawn) expect(entry.state).toBe('revoked');
            else if (!entry.passed) expect(entry.state).toBe('not-passed');
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
