/**
 * The environment the in-process handlers see, set before any handler module is imported:
 * the SDK's region, fake credentials and service endpoints, each table's and queue's variable
 * (infra/topology.ts), Powertools' names, `HUB_LOCAL=1`, and the hub's configuration
 * (hub-api.md): the process's values over the development defaults, validated at start.
 */
import {
  ConfigurationError,
  developmentDefaults,
  parseEnvironment,
  secretsSchema,
  settingsSchema,
  type Secrets,
  type Settings,
} from '../shared/config.js';
import { metricsNamespace, serviceName } from '../shared/observability.js';
import {
  deadLetterQueueVariable,
  queueNames,
  queueVariable,
  tableNames,
  tableVariable,
  type QueueName,
  type TableName,
} from '../infra/topology.js';
import { localCredentials, localRegion } from './aws-local.js';
import type { LocalQueue } from './queues.js';

export interface HubConfiguration {
  readonly settings: Settings;
  readonly secrets: Secrets;
  /** Every configuration variable that has a value, as text (development defaults filled in). */
  readonly values: Readonly<Record<string, string>>;
}

export const configurationNames: readonly string[] = [
  ...Object.keys(settingsSchema.shape),
  ...Object.keys(secretsSchema.shape),
];

/**
 * The hub's configuration from `source` (normally process.env) over the development defaults.
 * An empty value counts as unset. Throws one ConfigurationError naming every bad variable.
 */
export const resolveConfiguration = (source: Readonly<Record<string, string | undefined>>): HubConfiguration => {
  const values: Record<string, string> = {};
  for (const name of configurationNames) {
    const given = source[name];
    const value = given !== undefined && given !== '' ? given : developmentDefaults[name];
    if (value !== undefined) values[name] = value;
  }
  const problems: string[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(
        ...error.message
          .split('\n')
          .slice(1)
          .map((line) => line.trim()),
      );
      return undefined;
    }
  };
  const settings = attempt(() => parseEnvironment(settingsSchema, values));
  const secrets = attempt(() => parseEnvironment(secretsSchema, values));
  if (settings === undefined || secrets === undefined) {
    throw new ConfigurationError(`configuration is missing or malformed:\n  ${problems.join('\n  ')}`);
  }
  return { settings, secrets, values };
};

export interface RuntimeEndpoints {
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  readonly tables: Readonly<Record<TableName, string>>;
  readonly queues: Readonly<Record<QueueName, LocalQueue>>;
}

/** The runtime's own variables (AWS, resources, Powertools); configuration values are added by the caller. */
export const runtimeVariables = (endpoints: RuntimeEndpoints): Record<string, string> => {
  const variables: Record<string, string> = {
    AWS_REGION: localRegion,
    AWS_DEFAULT_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    // The SDK v3 takes service-specific endpoints from these.
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.sqsEndpoint,
    POWERTOOLS_SERVICE_NAME: serviceName,
    POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
    HUB_LOCAL: '1',
  };
  for (const table of tableNames) variables[tableVariable(table)] = endpoints.tables[table];
  for (const queue of queueNames) {
    variables[queueVariable(queue)] = endpoints.queues[queue].url;
    variables[deadLetterQueueVariable(queue)] = endpoints.queues[queue].deadLetterUrl;
  }
  return variables;
};

/** Variables that would send the SDK elsewhere than the local parts. */
const conflicting = [
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_ENDPOINT_URL',
] as const;

export const applyEnvironment = (variables: Readonly<Record<string, string>>): void => {
  for (const name of conflicting) delete process.env[name];
  Object.assign(process.env, variables);
};
