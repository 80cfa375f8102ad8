/**
 * One logger per process, and one Powertools metrics emitter per platform (CloudWatch EMF),
 * each with its platform as a default dimension, so a batch's values for one platform go out
 * in one EMF document when the invocation ends. The emitters are kept with once(), so locally
 * each function publishes only its own values, as its own process would.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { once } from './once.js';
import { metricNames, metricsEmitterOptions, serviceName, type MetricName } from '../../shared/observability.js';

export const logger = new Logger({ serviceName, logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' });

const emitters = once(() => new Map<string, Metrics>());
const metricsOf = (platform: string): Metrics => {
  const byPlatform = emitters();
  let emitter = byPlatform.get(platform);
  if (!emitter) {
    emitter = new Metrics(metricsEmitterOptions(platform));
    byPlatform.set(platform, emitter);
  }
  return emitter;
};

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

export const metricFor = (platform: string, name: MetricName, unit: Unit, value: number): void => {
  metricsOf(platform).addMetric(name, unit, value);
};

/** Counts for one platform; zeros are not emitted. */
export const countFor = (platform: string, counts: Partial<Record<MetricName, number>>): void => {
  for (const [name, value] of Object.entries(counts)) {
    if (value !== undefined && value > 0) metricFor(platform, name as MetricName, MetricUnit.Count, value);
  }
};

export const latencyFor = (platform: string, milliseconds: number): void =>
  metricFor(platform, metricNames.processingLatency, MetricUnit.Milliseconds, milliseconds);

/** Flushes every platform's metrics; call once at the end of an invocation. */
export const publishMetrics = (): void => {
  for (const emitter of emitters().values()) if (emitter.hasStoredMetrics()) emitter.publishStoredMetrics();
};

export { metricNames, MetricUnit };
