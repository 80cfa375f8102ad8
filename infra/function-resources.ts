/**
 * The resources a function is given, by its topology entry: the tables it reads or writes, the
 * queues it sends to, redrives or consumes, the dead-letter queues it redrives, and its secrets.
 * The stack grants and names exactly these (constructs/hub-function.ts); the local runtime, which
 * runs every function in one process with every variable set, lets a function read only these
 * (local/resource-access.ts), so a function that needs one its entry does not list fails locally
 * as it would in the cloud.
 */
import { secretsSchema } from '../shared/config.js';
import {
  deadLetterQueueVariable,
  queueNames,
  queueVariable,
  tableNames,
  tableVariable,
  type FunctionDef,
  type QueueName,
  type SecretName,
  type TableName,
} from './topology.js';

export interface FunctionResources {
  readonly tables: ReadonlySet<TableName>;
  readonly queues: ReadonlySet<QueueName>;
  readonly deadLetterQueues: ReadonlySet<QueueName>;
  readonly secrets: ReadonlySet<SecretName>;
}

export const resourcesOf = (def: FunctionDef): FunctionResources => ({
  tables: new Set([...def.tables.read, ...def.tables.write]),
  queues: new Set([...def.sendsTo, ...(def.redrives ?? []), ...(def.queueSource ? [def.queueSource.queue] : [])]),
  deadLetterQueues: new Set(def.redrives ?? []),
  secrets: new Set(def.secrets),
});

/** The variables that name a function's resources (locally a secret is its own variable). */
export const resourceVariablesOf = (def: FunctionDef): ReadonlySet<string> => {
  const { tables, queues, deadLetterQueues, secrets } = resourcesOf(def);
  return new Set([
    ...[...tables].map(tableVariable),
    ...[...queues].map(queueVariable),
    ...[...deadLetterQueues].map(deadLetterQueueVariable),
    ...secrets,
  ]);
};

/** Every variable that names a resource (each table, queue, dead-letter queue and secret): the ones a function may be refused. */
export const allResourceVariables = (): ReadonlySet<string> =>
  new Set([
    ...tableNames.map(tableVariable),
    ...queueNames.map(queueVariable),
    ...queueNames.map(deadLetterQueueVariable),
    ...(Object.keys(secretsSchema.shape) as SecretName[]),
  ]);
