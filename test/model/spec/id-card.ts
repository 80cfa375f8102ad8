/**
 * The resident ID card number as platforms.md states it (GB 11643): 6-digit area code, a real
 * 8-digit birth date, a 3-digit sequence and an ISO 7064 MOD 11-2 check character; `X` in
 * either case, surrounding spaces allowed. Written from the spec alone (no import of shared/).
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkCharacters = '10X98765432';

/** The check character of the first 17 digits. */
export const checkCharacterOf = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * weights[i]!;
  return checkCharacters[sum % 11]!;
};

const isRealDate = (yyyymmdd: string): boolean => {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

export type IdCardJudgement = { ok: true; idCardNo: string } | { ok: false; why: string };

/** The normalised number (trimmed, `X` upper case), or why it is bad input. */
export const judgeIdCard = (raw: unknown): IdCardJudgement => {
  if (typeof raw !== 'string') return { ok: false, why: 'not a string' };
  const spelled = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(spelled)) return { ok: false, why: 'not 18 characters' };
  if (!isRealDate(spelled.slice(6, 14))) return { ok: false, why: 'birth date is not a real date' };
  if (checkCharacterOf(spelled.slice(0, 17)) !== spelled[17])
    return { ok: false, why: 'check character does not match' };
  return { ok: true, idCardNo: spelled };
};

/** A valid number from its parts (generators). */
export const idCardOf = (area: string, birth: string, sequence: string): string => {
  const first17 = `${area}${birth}${sequence}`;
  return `${first17}${checkCharacterOf(first17)}`;
};
