/**
 * Resident ID card numbers (身份证号, GB 11643): 6-digit area, 8-digit birth date that is a
 * real date, 3-digit sequence, check character by ISO 7064 MOD 11-2.
 */
import * as z from 'zod';

export type IdCardNo = string & { readonly __brand: 'IdCardNo' };

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkCharacters = '10X98765432';

export const idCardCheckCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (weights[i] ?? 0);
  return checkCharacters[sum % 11] ?? '?';
};

const isRealDate = (yyyymmdd: string): boolean => {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

export const idCheckCharacterProblem = 'check character does not match';

/** Why a candidate is not a valid ID card number, or undefined when it is valid. */
export const idCardProblem = (normalised: string): string | undefined => {
  if (!/^\d{17}[\dX]$/.test(normalised)) return 'must be 18 characters: 17 digits and a check character 0-9 or X';
  if (!isRealDate(normalised.slice(6, 14))) return 'birth date is not a real date';
  if (idCardCheckCharacter(normalised.slice(0, 17)) !== normalised[17]) return idCheckCharacterProblem;
  return undefined;
};

/** Trims and upper-cases the check character, as platforms send `x` and spaces. */
export const normaliseIdCard = (raw: string): string => raw.trim().toUpperCase();

/**
 * What an ID card field may look like before the check character and the calendar are
 * checked, spaces around and a lower-case x allowed (normaliseIdCard): the part of the rules a
 * pattern can say, so an API document shows it. Birth years from 1900 (isRealDate).
 */
export const idCardShapePattern =
  /^\s*[0-9]{6}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]\s*$/;
const shapeMessage = 'must be 18 characters: 6 digits, a birth date YYYYMMDD, 3 digits and a check character 0-9 or X';

/**
 * The JSON Schema format naming the whole rule (GB 11643: a real birth date, the ISO 7064
 * MOD 11-2 check character), which no pattern can say; a validator or fuzzer that knows the
 * format can check it, one that does not still has the shape.
 */
export const idCardFormat = 'gb11643';

/** A zod schema for an ID card field: normalises, then validates; the error names the problem. */
export const idCardNoSchema = z
  .string()
  .regex(idCardShapePattern, shapeMessage)
  .meta({ format: idCardFormat })
  .transform(normaliseIdCard)
  .superRefine((value, ctx) => {
    const problem = idCardProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => value as IdCardNo);

/** The last four characters: the most of an ID card number that any log or view may show. */
export const maskIdCard = (value: string): string => `****${value.trim().slice(-4)}`;
