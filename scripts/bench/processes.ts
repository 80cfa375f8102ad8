/**
 * Memory and CPU of the processes a benchmark watches, from Linux's /proc: the resident set
 * now (VmRSS) and at its peak (VmHWM, kept by the kernel, so no sample can miss it), and CPU
 * seconds used (user + system), so a run can say where the time went (node vs Java).
 */
import { readFileSync } from 'node:fs';

/** USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on Linux everywhere). */
const ticksPerSecond = 100;

export interface ProcessSample {
  readonly pid: number;
  readonly rssBytes: number;
  readonly peakRssBytes: number;
  readonly cpuSeconds: number;
}

const kilobytesOf = (status: string, field: string): number => {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
};

/** The process's memory and CPU now; undefined when it is gone (or /proc is not there). */
export const sampleProcess = (pid: number): ProcessSample | undefined => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    return {
      pid,
      rssBytes: kilobytesOf(status, 'VmRSS'),
      peakRssBytes: kilobytesOf(status, 'VmHWM'),
      cpuSeconds: cpuTicks / ticksPerSecond,
    };
  } catch {
    return undefined;
  }
};

export interface WatchedPeak {
  /** Per process, the kernel's peak resident set (VmHWM), bytes. */
  readonly peakRssBytes: Readonly<Record<string, number>>;
  /** The largest sum of the processes' resident sets seen by the sampler, bytes. */
  readonly peakTotalRssBytes: number;
}

/**
 * Samples the named processes every `everyMs` until stop(): the peak of their summed
 * resident sets, and each one's VmHWM at the end (or at its last sample, if it exited).
 */
export const watchMemory = (pids: Readonly<Record<string, number>>, everyMs = 250) => {
  let peakTotal = 0;
  const lastPeak: Record<string, number> = {};
  const sample = () => {
    let total = 0;
    for (const [name, pid] of Object.entries(pids)) {
      const s = sampleProcess(pid);
      if (!s) continue;
      total += s.rssBytes;
      lastPeak[name] = Math.max(lastPeak[name] ?? 0, s.peakRssBytes);
    }
    peakTotal = Math.max(peakTotal, total);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop: (): WatchedPeak => {
      clearInterval(timer);
      sample();
      return { peakRssBytes: { ...lastPeak }, peakTotalRssBytes: peakTotal };
    },
  };
};

/** CPU seconds each process used between two samples. */
export const cpuBetween = (
  before: Readonly<Record<string, ProcessSample | undefined>>,
  after: Readonly<Record<string, ProcessSample | undefined>>,
): Record<string, number> => {
  const used: Record<string, number> = {};
  for (const [name, end] of Object.entries(after)) {
    const start = before[name];
    if (start && end) used[name] = end.cpuSeconds - start.cpuSeconds;
  }
  return used;
};

export const sampleAll = (pids: Readonly<Record<string, number>>): Record<string, ProcessSample | undefined> =>
  Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, sampleProcess(pid)]));

export const mebibytes = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
