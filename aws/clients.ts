/**
 * The DynamoDB client, created once per process on first use, and the resource names from
 * the environment. Endpoints come from the SDK's own variables (AWS_ENDPOINT_URL_DYNAMODB),
 * which the local runtime sets. The SQS client is in sqs-client.ts, so a function that sends
 * to no queue does not load the SQS package at start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigurationError } from '../shared/config.js';
import { withCallCounting } from './call-counter.js';
import { withDynamoFaults } from './fault-injection.js';
import { resourceRead } from './resource-access.js';
import {
  deadLetterQueueVariable,
  queueVariable,
  tableVariable,
  type QueueName,
  type TableName,
} from '../infra/topology.js';

/** The SDK retries throttling and 5xx itself; past this the caller's own retry (or the queue's) takes over. */
export const awsAttemptsMax = 4;

let documentClient: DynamoDBDocumentClient | undefined;

export const dynamo = (): DynamoDBDocumentClient => {
  // withDynamoFaults: the soak's fault injection, a no-op unless HUB_FAULTS is set locally.
  // withCallCounting: the benchmark's call and capacity counter, a no-op unless HUB_COUNT_CALLS=1.
  documentClient ??= withCallCounting(
    withDynamoFaults(
      DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: awsAttemptsMax }), {
        marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
        unmarshallOptions: { wrapNumbers: false },
      }),
    ),
    'dynamodb',
  );
  return documentClient;
};

const required = (variable: string): string => {
  resourceRead(variable);
  const value = process.env[variable];
  if (!value) throw new ConfigurationError(`${variable} is not set`);
  return value;
};

export const tableNameOf = (table: TableName): string => required(tableVariable(table));
export const queueUrlOf = (queue: QueueName): string => required(queueVariable(queue));
export const deadLetterQueueUrlOf = (queue: QueueName): string => required(deadLetterQueueVariable(queue));
