/**
 * The local hub as scripts and tests run it beside their own work: in process, on a free port,
 * its DynamoDB Local in memory, no schedules on timers (the caller runs them when it means to),
 * no per-request lines. Only what a caller is about (its settings, handler overrides) is its own.
 */
import { type HubOptions, type RunningHub, startHub } from './hub.js';

export const startInMemoryHub = (options: Omit<HubOptions, 'port' | 'dataDir'> = {}): Promise<RunningHub> =>
  startHub({ port: 0, dataDir: null, schedules: false, quiet: true, ...options });
