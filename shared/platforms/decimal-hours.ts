/** Hours sent as decimal 学时 (hnu credits, wangti 学时): more than 0, at most 100, at most two places. */
import { hoursMax, hundredthsFromDecimal, hundredthsMax, type Hundredths } from '../hours.js';
import { ok, problem, type Result } from '../result.js';

export const decimalHoursOf = (sent: unknown, field: string): Result<Hundredths> => {
  if (sent === undefined || sent === null || (typeof sent === 'string' && sent.trim() === ''))
    return problem(field, 'is missing');
  const hundredths = hundredthsFromDecimal(sent);
  if (hundredths === undefined) {
    const number =
      typeof sent === 'number'
        ? sent
        : typeof sent === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(sent)
          ? Number(sent)
          : Number.NaN;
    if (number <= 0) return problem(field, `must be more than 0 学时`, 'hours-out-of-range');
    if (number > hoursMax) return problem(field, `must be at most ${hoursMax} 学时`, 'hours-out-of-range');
    if (Number.isFinite(number)) return problem(field, 'must have at most two decimal places', 'hours-invalid');
    return problem(field, 'is not a number of 学时', 'hours-invalid');
  }
  if (hundredths <= 0) return problem(field, 'must be more than 0 学时', 'hours-out-of-range');
  if (hundredths > hundredthsMax) return problem(field, `must be at most ${hoursMax} 学时`, 'hours-out-of-range');
  return ok(hundredths);
};
