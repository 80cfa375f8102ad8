/**
 * Names of the hub's metrics and log fields: one list that the functions emit (Powertools
 * metrics, CloudWatch embedded metric format) and the stack's alarms and dashboard read.
 */
export const metricsNamespace = 'JiangxiCeHub';
export const serviceName = 'jx-ce-hub';

/** Every metric carries the dimension `platform` (hnu, jxnu, wangti, portal). */
export const platformDimension = 'platform';

/**
 * How each platform's metrics are emitted (its Powertools Metrics emitter's options), and so
 * what the alarms and the dashboard must read (infra/constructs/hub-metrics.ts).
 */
export const metricsEmitterOptions = (platform: string) => ({
  namespace: metricsNamespace,
  serviceName,
  defaultDimensions: { [platformDimension]: platform },
});

/** Every dimension a metric of the platform carries: Powertools adds `service` to the default ones. */
export const emittedDimensions = (platform: string): Record<string, string> => {
  const { serviceName: service, defaultDimensions } = metricsEmitterOptions(platform);
  return { service, ...defaultDimensions };
};

export const metricNames = {
  /** Records received from a platform (before validation). */
  received: 'RecordsReceived',
  /** Records that passed validation and were durably enqueued. */
  accepted: 'RecordsAccepted',
  /** Versions the ledger had already applied (retries, overlapping pages). */
  duplicate: 'RecordsDuplicate',
  /** Records rejected as bad input (kept as failures). */
  rejected: 'RecordsRejected',
  /** Records that failed unexpectedly in processing (kept as failures or dead-lettered). */
  failed: 'RecordsFailed',
  /** Ledger items written. */
  ledgerUpdates: 'LedgerUpdates',
  /** Time from the platform delivery being received to the ledger write, milliseconds. */
  processingLatency: 'ProcessingLatency',
  /** wangti: seconds between now and the newest 更新时间 taken. */
  pollerLag: 'PollerLagSeconds',
  /** wangti: successful poll runs. */
  pollerSuccess: 'PollerRunsSucceeded',
  /** wangti: 401 from the export (an operator must act). */
  pollerUnauthorized: 'PollerUnauthorized',
  /** Deliveries refused for a bad signature, stale timestamp or replayed nonce. */
  unauthorized: 'DeliveriesUnauthorized',
  /** Topics not on the year's list (catalogue drift). */
  otherTopic: 'TopicNotOnList',
} as const;
export type MetricName = (typeof metricNames)[keyof typeof metricNames];
