import { describe, expect, it } from 'vitest';
import { fieldChecks } from '../../../shared/platforms/field-checks.js';
import { ok, problem } from '../../../shared/result.js';

describe("a record's field checks", () => {
  it('give every value back when all checks passed, false and zero included', () => {
    const checks = fieldChecks();
    const hours = checks.take(ok(0));
    const withdrawn = checks.take(ok(false));
    const name = checks.take(ok('a'));
    expect(checks.all({ hours, withdrawn, name })).toEqual({ hours: 0, withdrawn: false, name: 'a' });
    expect(checks.problems).toEqual([]);
  });

  it('give nothing back once any check noted a problem, and keep every problem noted', () => {
    const checks = fieldChecks();
    const hours = checks.take(problem<number>('学时', 'is not a number'));
    const name = checks.take(ok('a'));
    checks.add('kclb', 'must be 公需课 or 专业课', 'category-not-on-list');
    expect(checks.all({ hours, name })).toBeUndefined();
    expect(checks.problems.map((p) => p.field)).toEqual(['学时', 'kclb']);
  });

  it('give nothing back for a value that is missing, null or undefined', () => {
    const checks = fieldChecks();
    expect(checks.all({ at: null, name: 'a' })).toBeUndefined();
    expect(checks.all({ at: undefined, name: 'a' })).toBeUndefined();
  });
});
