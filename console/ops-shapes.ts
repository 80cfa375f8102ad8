/**
 * The shapes of the operators API answers the console reads that are not in shared/ yet
 * (hub-api.md: the failures summary and bulk replay jobs). Types only: nothing here is bundled.
 */
export interface FailureGroup {
  readonly platform: string;
  readonly reasonCode: string;
  readonly open: number;
  readonly replayed: number;
  readonly stillFailing: number;
  readonly total: number;
  readonly firstFailedAt: string;
  readonly lastFailedAt: string;
}

export interface FailureSummary {
  readonly since: string;
  readonly until: string;
  readonly total: number;
  readonly groups: readonly FailureGroup[];
}

export interface ReplayJob {
  readonly jobId: string;
  readonly status: 'running' | 'done';
  readonly matched: number;
  readonly replayed: number;
  readonly credited: number;
  readonly stillFailing: number;
}
