/** The operators routes' own stores, each made on first use and kept (../lib/once.ts). */
import { createFailureAdmin, type FailureAdmin } from '../../aws/failure-admin.js';
import { createHealthReads, type HealthReads } from '../../aws/health-reads.js';
import { once } from '../lib/once.js';

export const failureAdmin: () => FailureAdmin = once(createFailureAdmin);
export const healthReads: () => HealthReads = once(createHealthReads);
