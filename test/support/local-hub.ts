/**
 * The local hub as the integration tests run it: in process, on a free port, its DynamoDB Local
 * in memory, no schedules on timers (a test runs them when it means to), no per-request lines.
 * Only what a test is about (its settings, its handler overrides) is written in the test.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { localCredentials, localRegion } from '../../local/aws-local.js';
import { startHub, type HubOptions, type RunningHub } from '../../local/hub.js';

/** Settings that keep a passing run quiet: warnings and errors only, no metric lines. */
export const quietHubEnv: Readonly<Record<string, string>> = {
  LOG_LEVEL: 'ERROR',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

export const startTestHub = (options: Omit<HubOptions, 'port' | 'dataDir'> = {}): Promise<RunningHub> =>
  startHub({ port: 0, dataDir: null, schedules: false, quiet: true, ...options });

/** A client of the hub's SQS server, for a test that puts a message on a queue itself. */
export const hubSqsClient = (hub: RunningHub): SQSClient =>
  new SQSClient({ endpoint: hub.sqsEndpoint, region: localRegion, credentials: localCredentials });
