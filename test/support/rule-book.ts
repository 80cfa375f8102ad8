/**
 * A year's rules added to the process's rule book, standing in for deploying a new
 * shared/rules/years/YYYY.json: the local hub runs the handlers in the test's process, and
 * they read the same defaultRuleBook. Always undo it (the returned function) in the test.
 */
import { defaultRuleBook, yearRulesSchema, type YearRules } from '../../shared/rules/year-rules.js';

export const addRulesFor = (year: number): (() => void) => {
  const book = defaultRuleBook as Map<number, YearRules>;
  if (book.has(year)) throw new Error(`the rule book already has ${year}`);
  const template = book.get(2024);
  if (!template) throw new Error('the rule book has no 2024 to copy');
  book.set(
    year,
    yearRulesSchema.parse({
      ...template,
      year,
      source: `test: ${year} rules copied from 2024`,
      channelClosesAt: `${year + 1}-01-01T00:00:00+08:00`,
    }),
  );
  return () => {
    book.delete(year);
  };
};
