/** Platforms send local times without an offset; they are Beijing time (UTC+08:00). */
export const beijingOffsetMinutes = 8 * 60;
const beijingOffsetMs = beijingOffsetMinutes * 60_000;

const isRealLocalTime = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean => {
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second
  );
};

type DateTimeFields = [year: number, month: number, day: number, hour: number, minute: number, second: number];

/** The six captured fields of a date and time as numbers (a second not written: 0). */
const dateTimeFields = (captured: readonly (string | undefined)[]): DateTimeFields =>
  captured.map((part) => Number(part ?? 0)) as DateTimeFields;

/** `2024-12-31 23:59:59` or `2024/12/31 23:59:59` (Beijing) to a Date, or undefined when not a real time. */
export const parseBeijingLocal = (text: string): Date | undefined => {
  const match = /^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = dateTimeFields(match.slice(1));
  if (!isRealLocalTime(year, month, day, hour, minute, second)) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - beijingOffsetMs);
};

const isoWithOffset =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([zZ])|([+-])(\d{2}):?(\d{2}))$/;

/**
 * An ISO 8601 time with an offset (`2024-12-31T23:40:12+08:00`); without one it is read as Beijing
 * time. The date and time must be real as written: `new Date` would roll `2024-02-30` over to
 * March 1 and `24:00` to the next day.
 */
export const parsePlatformInstant = (text: string): Date | undefined => {
  const trimmed = text.trim();
  const match = isoWithOffset.exec(trimmed);
  if (!match) return /[zZ]$|[+-]\d{2}:?\d{2}$/.test(trimmed) ? undefined : parseBeijingLocal(trimmed);
  const [year, month, day, hour, minute, second] = dateTimeFields(match.slice(1, 7));
  const millis = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (!isRealLocalTime(year, month, day, hour, minute, second) || offsetHours > 23 || offsetMinutes > 59)
    return undefined;
  const offsetMs = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMs);
};

export const beijingYearOf = (instant: Date): number => new Date(instant.getTime() + beijingOffsetMs).getUTCFullYear();

/** `2024-12-31T23:59:59+08:00`: how the hub shows times to people in the province. */
export const toBeijingIso = (instant: Date): string => {
  const local = new Date(instant.getTime() + beijingOffsetMs).toISOString().slice(0, 19);
  return `${local}+08:00`;
};
