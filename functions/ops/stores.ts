/** The operators routes' own stores, made once per process on first use (like ../lib/dependencies.ts). */
import { createFailureAdmin, type FailureAdmin } from '../../aws/failure-admin.js';
import { createHealthReads, type HealthReads } from '../../aws/health-reads.js';

let failures: FailureAdmin | undefined;
let health: HealthReads | undefined;

export const failureAdmin = (): FailureAdmin => (failures ??= createFailureAdmin());
export const healthReads = (): HealthReads => (health ??= createHealthReads());
