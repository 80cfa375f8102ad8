import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  idCardCheckCharacter,
  idCardNoSchema,
  idCardProblem,
  maskIdCard,
  normaliseIdCard,
} from '../../../shared/person/id-card.js';

const withCheck = (first17: string): string => `${first17}${idCardCheckCharacter(first17)}`;

describe('ID card numbers (GB 11643)', () => {
  it('accepts the examples, with the check character X in either case and spaces around', () => {
    for (const id of [
      '36042119850315002X',
      '360102198001011235',
      '36010319881230007X',
      '360702199007204414',
      '361102197511110061',
    ]) {
      expect(idCardProblem(id), id).toBeUndefined();
    }
    expect(idCardProblem(normaliseIdCard(' 36042119850315002x '))).toBeUndefined();
    expect(idCardNoSchema.parse(' 36042119850315002x')).toBe('36042119850315002X');
  });

  it('computes ISO 7064 MOD 11-2 check characters, X included', () => {
    expect(idCardCheckCharacter('36042119850315002')).toBe('X');
    expect(idCardCheckCharacter('36010219800101123')).toBe('5');
    expect(idCardCheckCharacter('11010519491231002')).toBe('X');
    expect(idCardProblem('360102198001011234')).toBe('check character does not match');
    expect(idCardProblem('360421198503150020')).toBe('check character does not match');
  });

  it('finds exactly one check character per 17 digits, and every other one wrong', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^\d{3}$/),
        (birth, area, sequence) => {
          const first17 = `${area}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${sequence}`;
          const right = idCardCheckCharacter(first17);
          expect(idCardProblem(`${first17}${right}`)).toBeUndefined();
          for (const other of '0123456789X')
            if (other !== right) expect(idCardProblem(`${first17}${other}`)).toBe('check character does not match');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('wants a birth date that is a real date: Feb 29 only in a leap year', () => {
    expect(idCardProblem(withCheck('36072119920229003'))).toBeUndefined();
    expect(idCardProblem(withCheck('36072120000229003'))).toBeUndefined();
    expect(idCardProblem(withCheck('36072119930229003'))).toBe('birth date is not a real date');
    expect(idCardProblem(withCheck('36072119000229003'))).toBe('birth date is not a real date');
    expect(idCardProblem(withCheck('36072119921301003'))).toBe('birth date is not a real date');
    expect(idCardProblem(withCheck('36072119920431003'))).toBe('birth date is not a real date');
    expect(idCardProblem(withCheck('36072118991231003'))).toBe('birth date is not a real date');
  });

  it('wants 18 characters: 17 digits and a check character', () => {
    for (const bad of [
      '',
      '3604211985031500',
      '36042119850315002XX',
      '3604211985031500２X',
      '36042119850315002Y',
      '36042119850315002x',
    ]) {
      expect(idCardProblem(bad), bad).toBe('must be 18 characters: 17 digits and a check character 0-9 or X');
    }
  });

  it('shows at most the last four characters', () => {
    expect(maskIdCard(' 36042119850315002X ')).toBe('****002X');
  });
});
