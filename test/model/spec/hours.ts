/**
 * Hours as rules.md states them, in integer hundredths of a 学时 (never binary floating point):
 * a decimal as sent must be > 0 and at most 100 学时; jxnu minutes must be > 0 and at most
 * 4,500, under 45 minutes is 0 学时, from 45 on half 学时 rounded down.
 */
export const hundredthsMax = 100 * 100;
export const jxnuMinutesMax = 4_500;
const minutesPerHour = 45;

const decimalPattern = /^-?\d+(?:\.(\d+))?$/;

/** Hundredths of a decimal 学时 value (number or decimal string), or undefined when bad input. */
export const hundredthsOfDecimal = (sent: unknown): number | undefined => {
  const text =
    typeof sent === 'number' ? (Number.isFinite(sent) ? String(sent) : '') : typeof sent === 'string' ? sent : '';
  const match = decimalPattern.exec(text);
  if (!match) return undefined;
  const decimals = match[1] ?? '';
  // Model assumption (model-findings.md): more than two decimals is not generated.
  if (decimals.length > 2) return undefined;
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const hundredths = (Number(whole) * 100 + Number(fraction.padEnd(2, '0'))) * (text.startsWith('-') ? -1 : 1);
  return hundredths > 0 && hundredths <= hundredthsMax ? hundredths : undefined;
};

/** Hundredths of jxnu minutes, or undefined when bad input. */
export const hundredthsOfMinutes = (sent: unknown): number | undefined => {
  if (typeof sent !== 'number' || !Number.isInteger(sent) || sent <= 0 || sent > jxnuMinutesMax) return undefined;
  if (sent < minutesPerHour) return 0;
  return Math.floor((sent * 2) / minutesPerHour) * 50;
};
