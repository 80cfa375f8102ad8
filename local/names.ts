/** Physical names of the topology's tables and queues: the logical name after a prefix (default `hub-`). */
import type { QueueName, TableName } from '../infra/topology.js';

export const tablePrefixDefault = 'hub-';
export const deadLetterSuffix = '-dlq';

export const physicalTableName = (prefix: string, table: TableName): string => `${prefix}${table}`;
export const physicalQueueName = (prefix: string, queue: QueueName): string => `${prefix}${queue}`;
export const physicalDeadLetterQueueName = (prefix: string, queue: QueueName): string =>
  `${prefix}${queue}${deadLetterSuffix}`;
