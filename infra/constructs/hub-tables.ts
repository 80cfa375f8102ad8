/**
 * One DynamoDB table per topology table: on demand, encrypted with the hub key, point-in-time
 * recovery, deletion protection, retained when the stack goes, TTL and global secondary
 * indexes exactly as the topology declares them.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableNames, tables, type KeyDef, type TableName } from '../topology.js';
import { byNameOf } from './by-name.js';
import type { HubKeyProps } from './hub-key.js';

const attribute = (key: KeyDef): Attribute => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

export class HubTables extends Construct {
  readonly byName: Readonly<Record<TableName, Table>>;

  constructor(scope: Construct, id: string, props: HubKeyProps) {
    super(scope, id);
    this.byName = byNameOf(tableNames, (name) => {
      const def = tables[name];
      const table = new Table(this, name, {
        partitionKey: attribute(def.partitionKey),
        ...(def.sortKey ? { sortKey: attribute(def.sortKey) } : {}),
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(def.ttlAttribute ? { timeToLiveAttribute: def.ttlAttribute } : {}),
      });
      for (const index of def.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          ...(index.projectedAttributes.length > 0
            ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projectedAttributes] }
            : { projectionType: ProjectionType.KEYS_ONLY }),
        });
      }
      return table;
    });
  }
}
