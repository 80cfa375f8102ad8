/** Time formats the platforms send (platforms.md): all local times are Beijing time (UTC+08:00). */
const beijingOffsetMs = 8 * 3_600_000;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

const partsOf = (instantMs: number) => {
  const local = new Date(instantMs + beijingOffsetMs);
  return {
    date: [pad(local.getUTCFullYear(), 4), pad(local.getUTCMonth() + 1), pad(local.getUTCDate())],
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`,
  };
};

/** jxnu `wcsj`: `2024-06-01 10:20:30`. */
export const jxnuTimeOf = (instantMs: number): string => {
  const { date, time } = partsOf(instantMs);
  return `${date.join('-')} ${time}`;
};

/** wangti 完成时间 / 更新时间: `2024/12/31 23:59:59`. */
export const wangtiTimeOf = (instantMs: number): string => {
  const { date, time } = partsOf(instantMs);
  return `${date.join('/')} ${time}`;
};

/** hnu: ISO 8601 with the +08:00 offset. */
export const hnuTimeOf = (instantMs: number): string => {
  const { date, time } = partsOf(instantMs);
  return `${date.join('-')}T${time}+08:00`;
};

/** An instant from a Beijing wall-clock time. */
export const beijingInstant = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number =>
  Date.UTC(year, month - 1, day, hour, minute, second) - beijingOffsetMs;

/** The calendar year in Beijing of an instant. */
export const beijingYearOfMs = (instantMs: number): number => new Date(instantMs + beijingOffsetMs).getUTCFullYear();
