/**
 * The DynamoDB client, created once per process on first use, and the resource names from
 * the environment. Endpoints come from the SDK's own variables (AWS_ENDPOINT_URL_DYNAMODB),
 * which the local runtime sets. The SQS client is in sqs-client.ts, so a function that sends
 * to no queue does not load the SQS package at start.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigurationError } from '../shared/config.js';
import { withCallCounting } from './call-counter.js';
import { withDynamoFaults } from './fault-injection.js';
import { deadLetterQueueVariable, queueVariable, tableVariable, type QueueName, type TableName } from '../infra/topology.js';

/** The SDK retries throttling and 5xx itself; past this the caller's own retry (or the queue's) takes over. */
export const awsAttemptsMax = 4;
/**
 * Connections to DynamoDB per process: above what one writer batch sends at once
 * (ledgerWritesInFlightMax plus a few batch calls), so no write waits for a socket past its
 * attempt budget; the local runtime, whose consumers share one process, gets the same.
 */
export const dynamoSocketsMax = 64;

let documentClient: DynamoDBDocumentClient | undefined;

export const dynamo = (): DynamoDBDocumentClient => {
  // withDynamoFaults: the soak's fault injection, a no-op unless HUB_FAULTS is set locally.
  // withCallCounting: the benchmark's call and capacity counter, a no-op unless HUB_COUNT_CALLS=1.
  documentClient ??= withCallCounting(
    withDynamoFaults(
      DynamoDBDocumentClient.from(
        new DynamoDBClient({
          maxAttempts: awsAttemptsMax,
          // The SDK takes its HTTP handler's options as a plain object; one agent per scheme (https in AWS, http locally).
          requestHandler: {
            httpAgent: new HttpAgent({ keepAlive: true, maxSockets: dynamoSocketsMax }),
            httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: dynamoSocketsMax }),
          },
        }),
        {
          marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
          unmarshallOptions: { wrapNumbers: false },
        },
      ),
    ),
    'dynamodb',
  );
  return documentClient;
};

const required = (variable: string): string => {
  const value = process.env[variable];
  if (!value) throw new ConfigurationError(`${variable} is not set`);
  return value;
};

export const tableNameOf = (table: TableName): string => required(tableVariable(table));
export const queueUrlOf = (queue: QueueName): string => required(queueVariable(queue));
export const deadLetterQueueUrlOf = (queue: QueueName): string => required(deadLetterQueueVariable(queue));
