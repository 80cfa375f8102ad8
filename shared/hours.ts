/**
 * Hours (学时) are kept as integer hundredths so that sums are exact (rules.md: never add
 * hours as binary floating point). 1.5 学时 is 150.
 */
export type Hundredths = number & { readonly __unit: 'hundredths of 学时' };

export const hoursMax = 100;
/** A hundredth of a 学时: hours given as decimals are multiples of it (at most two decimals). */
export const hoursStep = 0.01;
export const hundredthsMax = (hoursMax * 100) as Hundredths;
export const zeroHours = 0 as Hundredths;

const decimalPattern = /^\s*(\d{1,6})(?:\.(\d{1,2})0*)?\s*$/;

export class HoursFormatError extends Error {
  override readonly name = 'HoursFormatError';
}

/** Parses a decimal given as number or string ("1.5", 1.5) into hundredths, or undefined when it is not a decimal with at most two places. */
export const hundredthsFromDecimal = (value: unknown): Hundredths | undefined => {
  const text =
    typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value : '';
  const match = decimalPattern.exec(text);
  if (!match) return undefined;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return (whole * 100 + fraction) as Hundredths;
};

/**
 * 1 学时 = 45 minutes, counted in half 学时 and rounded down (rules.md: 135 min → 3, 100 → 2,
 * 44 → 0). Rounding down to the half alone would give 44 min 0.5 学时, against the guide's own
 * example, so a half 学时 counts only once a whole one is reached: under 45 minutes is 0,
 * 45 → 1, 67 → 1, 68 → 1.5. Expects whole minutes (the adapter checks them).
 */
export const minutesPerHour = 45;
export const hundredthsFromMinutes = (minutes: number): Hundredths => {
  if (minutes < minutesPerHour) return zeroHours;
  const halfHours = Math.floor((minutes * 2) / minutesPerHour);
  return (halfHours * 50) as Hundredths;
};

export const sumHours = (values: Iterable<Hundredths>): Hundredths => {
  let total = 0;
  for (const value of values) total += value;
  return total as Hundredths;
};

/** The JSON number shown to consumers: at most two decimals, exact for integer hundredths. */
export const hoursFromHundredths = (value: Hundredths): number => Number((value / 100).toFixed(2));
