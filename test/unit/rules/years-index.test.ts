import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexPath, ruleFileYears, yearsIndexSource } from '../../../scripts/rules/years-index.js';
import { defaultRuleBook, ruleYears } from '../../../shared/rules/year-rules.js';

describe('the rule files index', () => {
  it('is what npm run rules:index writes for the files there now (run it after adding a year)', () => {
    expect(readFileSync(indexPath, 'utf8')).toBe(yearsIndexSource(ruleFileYears()));
  });

  it('gives the rule book and the credit years every rule file, by its year', () => {
    expect(ruleYears).toEqual(ruleFileYears());
    for (const year of ruleFileYears()) expect(defaultRuleBook.get(year)?.year).toBe(year);
  });
});
