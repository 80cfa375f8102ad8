/** One logger and one metrics emitter per process (Powertools: JSON log lines, CloudWatch EMF). */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { metricNames, metricsNamespace, platformDimension, serviceName, type MetricName } from '../../shared/observability.js';

export const logger = new Logger({ serviceName, logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' });
export const metrics = new Metrics({ namespace: metricsNamespace, serviceName });

/** Adds a count for one platform as its own metric set, so each carries its platform dimension. */
export const countFor = (platform: string, counts: Partial<Record<MetricName, number>>): void => {
  const set = metrics.singleMetric();
  set.addDimension(platformDimension, platform);
  for (const [name, value] of Object.entries(counts)) {
    if (value !== undefined && value > 0) set.addMetric(name, MetricUnit.Count, value);
  }
};

export const latencyFor = (platform: string, milliseconds: number): void => {
  const set = metrics.singleMetric();
  set.addDimension(platformDimension, platform);
  set.addMetric(metricNames.processingLatency, MetricUnit.Milliseconds, milliseconds);
};

export { metricNames, MetricUnit };
