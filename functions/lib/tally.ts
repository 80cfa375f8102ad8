/**
 * One call for what a delivery or batch did: the platform's CloudWatch metrics (EMF) and the
 * operators' activity counters (`/ops/health`), so no handler counts an outcome twice by hand.
 */
import type { ActivityCounter, ActivityMarks } from '../../shared/activity.js';
import { activity } from './dependencies.js';
import type { MetricName } from '../../shared/observability.js';
import { countFor, metricNames } from './observability.js';

export type TallyCounts = Partial<Record<ActivityCounter | 'otherTopic', number>>;

const metricOf: Readonly<Record<keyof TallyCounts & string, MetricName>> = {
  received: metricNames.received,
  accepted: metricNames.accepted,
  duplicate: metricNames.duplicate,
  rejected: metricNames.rejected,
  failed: metricNames.failed,
  unauthorized: metricNames.unauthorized,
  otherTopic: metricNames.otherTopic,
};

export const tally = (platform: string, counts: TallyCounts, marks?: ActivityMarks): void => {
  const metrics: Partial<Record<MetricName, number>> = {};
  for (const [name, value] of Object.entries(counts) as Array<[keyof TallyCounts, number | undefined]>)
    metrics[metricOf[name]] = value;
  countFor(platform, metrics);
  const { otherTopic: _metricOnly, ...activityCounts } = counts;
  activity().note(platform, activityCounts, marks);
};
