/**
 * The `gb11643` format of the API documents (shared/person/id-card.ts): valid resident ID card
 * numbers in every form the document's pattern allows (spaces around, a lower-case x), and the
 * format's check for a validator.
 */
import fc from 'fast-check';
import { idCardCheckCharacter, idCardProblem, normaliseIdCard } from '../../shared/person/id-card.js';

const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10).replaceAll('-', ''));
const digits = (length: number) => fc.stringMatching(new RegExp(`^[0-9]{${length}}$`));
const spaces = fc.constantFrom('', ' ', '\t', '\u3000');

export const idCardNoArbitrary: fc.Arbitrary<string> = fc
  .record({
    area: digits(6),
    birth: birthDate,
    sequence: digits(3),
    lowerX: fc.boolean(),
    before: spaces,
    after: spaces,
  })
  .map(({ area, birth, sequence, lowerX, before, after }) => {
    const first17 = `${area}${birth}${sequence}`;
    const check = idCardCheckCharacter(first17);
    return `${before}${first17}${lowerX ? check.toLowerCase() : check}${after}`;
  });

export const isGb11643 = (value: string): boolean => idCardProblem(normaliseIdCard(value)) === undefined;
