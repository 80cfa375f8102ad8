/**
 * The per-year rules are data (rules/years/YYYY.json): next year's guide is a new file, listed
 * in rules/years/index.ts by `npm run rules:index`.
 * Rules that hold across years (rules.md) are the named constants below.
 */
import * as z from 'zod';
import { ruleFiles } from './years/index.js';

/** The years a rule file (or an operator's audit) may name at all. */
export const yearFirst = 2000;
export const yearLast = 2100;

export const yearRulesSchema = z.object({
  year: z.number().int().min(yearFirst).max(yearLast),
  source: z.string().min(1),
  provisional: z.boolean(),
  requirement: z.object({
    publicHours: z.number().positive(),
    professionalHours: z.number().positive(),
    totalHours: z.number().positive(),
  }),
  topics: z.object({ public: z.array(z.string().min(1)), professional: z.array(z.string().min(1)) }),
  channelClosesAt: z.iso.datetime({ offset: true }),
});
export type YearRules = z.infer<typeof yearRulesSchema>;

/** A completion time later than this past the hub's clock is bad input. */
export const futureToleranceMinutes = 10;
/** A training year may name the completion year or this many years before (makeup study, 补学). */
export const makeupYearsBack = 1;

export type RuleBook = ReadonlyMap<number, YearRules>;

export const ruleBookOf = (files: readonly unknown[]): RuleBook => {
  const book = new Map<number, YearRules>();
  for (const file of files) {
    const rules = yearRulesSchema.parse(file);
    if (book.has(rules.year)) throw new Error(`year ${rules.year} has two rule files`);
    book.set(rules.year, rules);
  }
  return book;
};

export const defaultRuleBook: RuleBook = ruleBookOf(ruleFiles);

/** The years the rule files cover, ascending: the credit years the APIs take. */
export const ruleYears: readonly number[] = [...defaultRuleBook.keys()].sort((a, b) => a - b);
