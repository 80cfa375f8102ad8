/**
 * Times as platforms.md sends them, read from the spec alone: ISO 8601 (hnu; without an offset
 * it is Beijing time), `YYYY-MM-DD HH:mm:ss` (jxnu) and `YYYY/MM/DD HH:mm:ss` (wangti), both
 * Beijing time (UTC+08:00). The credit year is the calendar year in Beijing time.
 */
const beijingOffsetMs = 8 * 3_600_000;
export const futureToleranceMs = 10 * 60_000;

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:\d{2})?$/;
const jxnuPattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const wangtiPattern = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

const instantOf = (parts: readonly string[], offsetMs: number): number | undefined => {
  const [year, month, day, hour, minute, second] = parts.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59)
    return undefined;
  return local - offsetMs;
};

const offsetMsOf = (zone: string | undefined): number => {
  if (zone === undefined) return beijingOffsetMs;
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 3_600_000 + Number(zone.slice(4, 6)) * 60_000);
};

/** Epoch milliseconds of an hnu time, or undefined. */
export const parseIso = (text: unknown): number | undefined => {
  if (typeof text !== 'string') return undefined;
  const match = isoPattern.exec(text);
  if (!match) return undefined;
  const at = instantOf(match.slice(1, 7), offsetMsOf(match[8]));
  return at === undefined ? undefined : at + Number((match[7] ?? '0').padEnd(3, '0'));
};

export const parseJxnuTime = (text: unknown): number | undefined => {
  const match = typeof text === 'string' ? jxnuPattern.exec(text) : null;
  return match ? instantOf(match.slice(1, 7), beijingOffsetMs) : undefined;
};

export const parseWangtiTime = (text: unknown): number | undefined => {
  const match = typeof text === 'string' ? wangtiPattern.exec(text) : null;
  return match ? instantOf(match.slice(1, 7), beijingOffsetMs) : undefined;
};

export const beijingYearOf = (epochMs: number): number => new Date(epochMs + beijingOffsetMs).getUTCFullYear();

/** `YYYY-MM-DD HH:mm:ss` (separator `-`) or `YYYY/MM/DD HH:mm:ss` (`/`) in Beijing time. */
export const beijingWallClock = (epochMs: number, separator: '-' | '/'): string => {
  const iso = new Date(epochMs + beijingOffsetMs).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', separator)} ${iso.slice(11, 19)}`;
};

/** ISO 8601 with `+08:00`. */
export const beijingIso = (epochMs: number): string =>
  `${new Date(epochMs + beijingOffsetMs).toISOString().slice(0, 19)}+08:00`;

/** Too far ahead of the time it was received: bad input. */
export const isTooFarAhead = (epochMs: number, receivedAtMs: number): boolean =>
  epochMs > receivedAtMs + futureToleranceMs;
