/**
 * `GET /ops/health`: per platform the last delivery and last accepted record, the last 24
 * hours' counts (one Query per platform over its hour buckets), the wangti poller's state,
 * and each dead-letter queue's depth, oldest age and last redrive (shared/ops/health.ts): the
 * queues the topology lets this function redrive, whose URLs the stack gives it.
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
import { functions } from '../../infra/topology.js';
import { json } from '../lib/http.js';
import { healthReads } from './stores.js';

export const readHealth = async (): Promise<APIGatewayProxyStructuredResultV2> => {
  const now = new Date();
  const reads = healthReads();
  const platforms = [...healthPlatformsAlways, ...healthPlatformsWhenActive];
  const [buckets, states, deadLetters] = await Promise.all([
    Promise.all(platforms.map((platform) => reads.activityBuckets(platform, windowStartHour(now), hourBucketOf(now)))),
    reads.states(platforms),
    Promise.all((functions.opsApi.redrives ?? []).map((queue) => deadLetterHealthOf(queue, () => now))),
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
