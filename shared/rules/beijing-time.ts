/** Platforms send local times without an offset; they are Beijing time (UTC+08:00). */
export const beijingOffsetMinutes = 8 * 60;
const beijingOffsetMs = beijingOffsetMinutes * 60_000;

/** `2024-12-31 23:59:59` or `2024/12/31 23:59:59` (Beijing) to a Date, or undefined when not a real time. */
export const parseBeijingLocal = (text: string): Date | undefined => {
  const match = /^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - beijingOffsetMs;
  const check = new Date(utc + beijingOffsetMs);
  const real =
    check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day &&
    check.getUTCHours() === hour && check.getUTCMinutes() === minute && check.getUTCSeconds() === second;
  return real ? new Date(utc) : undefined;
};

/** An ISO 8601 time with an offset (`2024-12-31T23:40:12+08:00`); without one it is read as Beijing time. */
export const parsePlatformInstant = (text: string): Date | undefined => {
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(text.trim())) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([zZ]|[+-]\d{2}:?\d{2})$/.test(text.trim())) return undefined;
    const date = new Date(text.trim());
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return parseBeijingLocal(text);
};

export const beijingYearOf = (instant: Date): number => new Date(instant.getTime() + beijingOffsetMs).getUTCFullYear();

/** `2024-12-31T23:59:59+08:00`: how the hub shows times to people in the province. */
export const toBeijingIso = (instant: Date): string => {
  const local = new Date(instant.getTime() + beijingOffsetMs).toISOString().slice(0, 19);
  return `${local}+08:00`;
};
