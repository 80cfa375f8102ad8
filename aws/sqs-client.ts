/**
 * The SQS client, created once per process on first use (endpoint from AWS_ENDPOINT_URL_SQS
 * locally). Only the functions that send to or manage a queue import this module.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsAttemptsMax } from './clients.js';
import { withCallCounting } from './call-counter.js';
import { withSqsFaults } from './fault-injection.js';

let sqsClient: SQSClient | undefined;

export const sqs = (): SQSClient => {
  // withSqsFaults: the soak's fault injection, a no-op unless HUB_FAULTS is set locally.
  sqsClient ??= withCallCounting(withSqsFaults(new SQSClient({ maxAttempts: awsAttemptsMax })), 'sqs');
  return sqsClient;
};
