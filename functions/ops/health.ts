/**
 * `GET /ops/health`: per platform the last delivery and last accepted record, the last 24
 * hours' counts (one Query per platform over its hour buckets), the wangti poller's state,
 * and the dead-letter queue's depth, oldest age and last redrive (shared/ops/health.ts).
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { deadLetterHealthOf } from '../../aws/dead-letters.js';
import { hourBucketOf } from '../../shared/activity.js';
import {
  healthOf,
  healthPlatformsAlways,
  healthPlatformsWhenActive,
  windowStartHour,
} from '../../shared/ops/health.js';
import { queueNames } from '../../infra/topology.js';
import { json } from '../lib/http.js';
import { healthReads } from './stores.js';

export const readHealth = async (): Promise<APIGatewayProxyStructuredResultV2> => {
  const now = new Date();
  const reads = healthReads();
  const platforms = [...healthPlatformsAlways, ...healthPlatformsWhenActive];
  const [buckets, states, deadLetters] = await Promise.all([
    Promise.all(platforms.map((platform) => reads.activityBuckets(platform, windowStartHour(now), hourBucketOf(now)))),
    reads.states(platforms),
    Promise.all(queueNames.map((queue) => deadLetterHealthOf(queue, () => now))),
  ]);
  const view = healthOf({
    now,
    platforms: platforms.map((platform, i) => ({
      platform,
      buckets: buckets[i] ?? [],
      marks: states.marks.get(platform) ?? { lastDeliveryAt: null, lastAcceptedAt: null },
    })),
    poller: states.poller,
    deadLetters,
  });
  return json(200, view);
};
