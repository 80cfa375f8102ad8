/**
 * The per-year rules are data (rules/years/YYYY.json): next year's guide is a new file.
 * Rules that hold across years (rules.md) are the named constants below.
 */
import * as z from 'zod';
import rules2024 from './years/2024.json' with { type: 'json' };
import rules2025 from './years/2025.json' with { type: 'json' };
import rules2026 from './years/2026.json' with { type: 'json' };

export const yearRulesSchema = z.object({
  year: z.number().int().min(2000).max(2100),
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

export const defaultRuleBook: RuleBook = ruleBookOf([rules2024, rules2025, rules2026]);
