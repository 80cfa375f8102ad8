/**
 * An optional training year (hnu trainingYear, jxnu pxnd, wangti 培训年度): absent, null or
 * empty means none; a whole year as a number or as digits. Whether the year is allowed is the
 * rules' decision (decideCredit), which names the same field.
 */
import { ok, problem, type Result } from '../result.js';

export const trainingYearOf = (sent: unknown, field: string): Result<number | undefined> => {
  if (sent === undefined || sent === null) return ok(undefined);
  if (typeof sent === 'string') {
    const text = sent.trim();
    if (text === '') return ok(undefined);
    return /^\d{4}$/.test(text)
      ? ok(Number(text))
      : problem(field, 'must be a year such as 2024', 'training-year-invalid');
  }
  if (typeof sent === 'number' && Number.isInteger(sent)) return ok(sent);
  return problem(field, 'must be a year such as 2024', 'training-year-invalid');
};
