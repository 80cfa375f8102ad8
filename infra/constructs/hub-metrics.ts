/**
 * The hub's own metrics as CloudWatch reads them: the namespace, names and dimensions of
 * shared/observability.ts, whose emitter options functions/lib/observability.ts emits with
 * (the `service` dimension Powertools adds included), so alarms and dashboard match the
 * emitted dimension set exactly.
 */
import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { emittedDimensions, metricNames, metricsNamespace, type MetricName } from '../../shared/observability.js';
import { platformCodes, type PlatformCode } from '../../shared/platforms/platform.js';

/** The platform the scheduled poller reads (topology: wangtiPoller). */
export const pollerPlatform: PlatformCode = 'wangti';
export const platforms: readonly PlatformCode[] = platformCodes;

/** Default aggregation period of the hub's metrics in alarms and graphs. */
export const metricPeriod = Duration.minutes(5);

export const hubMetric = (
  name: MetricName,
  platform: string,
  statistic: string = Stats.SUM,
  period: Duration = metricPeriod,
): Metric =>
  new Metric({
    namespace: metricsNamespace,
    metricName: name,
    dimensionsMap: emittedDimensions(platform),
    statistic,
    period,
  });

/**
 * Percentage of a platform's received records that were rejected or failed, per period; 0
 * when nothing was received (no division by zero, no data gap).
 */
export const errorRatePercent = (platform: string, period: Duration = metricPeriod): MathExpression =>
  new MathExpression({
    expression: 'IF(received > 0, 100 * (FILL(failed, 0) + FILL(rejected, 0)) / received, 0)',
    usingMetrics: {
      received: hubMetric(metricNames.received, platform, Stats.SUM, period),
      failed: hubMetric(metricNames.failed, platform, Stats.SUM, period),
      rejected: hubMetric(metricNames.rejected, platform, Stats.SUM, period),
    },
    period,
    label: `${platform} error rate (%)`,
  });
