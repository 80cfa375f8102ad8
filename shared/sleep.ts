/** The one wait of the repository: a promise that resolves after `ms` milliseconds (a negative wait is none). */
import { setTimeout as sleepMs } from 'node:timers/promises';

export const sleep = (ms: number): Promise<void> => sleepMs(Math.max(0, ms));
