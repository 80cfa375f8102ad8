/**
 * One topology function in the cloud: its bundled handler (Node 22, ARM), its own encrypted
 * log group, its own role with no managed policy, its configuration, and exactly the access
 * its topology entry lists (tables, queues, dead-letter redrives, secrets).
 */
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { metricsNamespace, serviceName } from '../../shared/observability.js';
import {
  deadLetterQueueVariable,
  queueVariable,
  tables as tableDefs,
  tableVariable,
  type FunctionDef,
  type FunctionName,
  type TableName,
} from '../topology.js';
import { resourcesOf } from '../function-resources.js';
import { bundleTarget, hubBundling } from './bundling.js';
import type { HubQueues } from './hub-queues.js';
import { secretArnVariable, type HubSecrets } from './hub-secrets.js';
import type { HubTables } from './hub-tables.js';

/** The Lambda runtime of every hub function. */
export const functionRuntime = Runtime.NODEJS_22_X;
export const functionArchitecture = Architecture.ARM_64;
/** Function logs: a year (China's Cybersecurity Law asks for at least six months of network logs). */
export const functionLogRetention = RetentionDays.ONE_YEAR;

/** Actions that move dead-lettered messages back (StartMessageMoveTask and its companions). */
export const messageMoveActions = ['sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks', 'sqs:CancelMessageMoveTask'];

/** Stub code for `bundle: false` (structure tests only: never deployable, always fails). */
const stubCode = Code.fromInline(
  "exports.handler = async () => { throw new Error('stub: synthesised with bundle: false'); };",
);

export interface HubFunctionProps {
  readonly name: FunctionName;
  readonly def: FunctionDef;
  readonly key: IKey;
  readonly tables: HubTables;
  readonly queues: HubQueues;
  readonly secrets: HubSecrets;
  /** Settings every function receives (shared/config.ts settingsSchema). */
  readonly settings: Readonly<Record<string, string>>;
  /** Repository root: `def.entry` is relative to it, and its package-lock.json pins the bundle. */
  readonly projectRoot: string;
  /** false: inline stub code instead of esbuild bundles (fast structure tests). */
  readonly bundle: boolean;
}

export class HubFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);
    const { def, name } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: functionLogRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: logs go to this log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `jx-ce-hub ${name}: ${def.description}`,
    });
    this.logGroup.grantWrite(this.role);

    const code = props.bundle
      ? {
          entry: path.join(props.projectRoot, def.entry),
          projectRoot: props.projectRoot,
          depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
          bundling: hubBundling,
        }
      : { code: stubCode, handler: 'index.handler' };

    this.fn = new NodejsFunction(this, 'Function', {
      ...code,
      runtime: functionRuntime,
      architecture: functionArchitecture,
      memorySize: def.memoryMb,
      timeout: Duration.seconds(def.timeoutSeconds),
      description: def.description,
      role: this.role,
      logGroup: this.logGroup,
      ...(def.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: def.reservedConcurrency }),
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        LOG_LEVEL: 'INFO',
        ...props.settings,
      },
    });

    this.grantTables(props.tables, def);
    this.grantQueues(props.queues, def);
    this.acknowledgeNagFindings(props.tables, def);
    for (const secretName of def.secrets) {
      const secret = props.secrets.get(secretName);
      secret.grantRead(this.fn);
      this.fn.addEnvironment(secretArnVariable(secretName), secret.secretArn);
    }
  }

  private grantTables(hubTables: HubTables, def: FunctionDef): void {
    const written = new Set<TableName>(def.tables.write);
    for (const name of resourcesOf(def).tables) {
      const table = hubTables.byName[name];
      if (written.has(name)) table.grantReadWriteData(this.fn);
      else table.grantReadData(this.fn);
      // A SELECT reads no more than the Query and Scan granted above; this table is read that way.
      if (tableDefs[name].partiqlSelect) table.grant(this.fn, 'dynamodb:PartiQLSelect');
      this.fn.addEnvironment(tableVariable(name), table.tableName);
    }
  }

  private grantQueues(hubQueues: HubQueues, def: FunctionDef): void {
    const { queues, deadLetterQueues } = resourcesOf(def);
    for (const name of queues) this.fn.addEnvironment(queueVariable(name), hubQueues.byName[name].queue.queueUrl);
    for (const name of def.sendsTo) hubQueues.byName[name].queue.grantSendMessages(this.fn);
    for (const name of deadLetterQueues) {
      // As AWS documents for a redrive through the API: on the dead-letter queue (the move's
      // source) start/list/cancel the move and receive/delete its messages; on the queue they
      // return to, send. GetQueueAttributes on both for the health view (depth, oldest age).
      const { queue, deadLetterQueue } = hubQueues.byName[name];
      this.fn.addEnvironment(deadLetterQueueVariable(name), deadLetterQueue.queueUrl);
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: `Redrive${capitalised(name)}DeadLetters`,
          actions: [...messageMoveActions, 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          resources: [deadLetterQueue.queueArn],
        }),
      );
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: `Redrive${capitalised(name)}Destination`,
          actions: [...messageMoveActions, 'sqs:SendMessage', 'sqs:GetQueueAttributes'],
          resources: [queue.queueArn],
        }),
      );
      // Moving messages decrypts them from the dead-letter queue and encrypts them for the queue.
      deadLetterQueue.encryptionMasterKey?.grantDecrypt(this.role);
      queue.encryptionMasterKey?.grantEncryptDecrypt(this.role);
    }
  }

  /** cdk-nag findings this function's own role and runtime carry, each with its reason. */
  private acknowledgeNagFindings(hubTables: HubTables, def: FunctionDef): void {
    const acknowledge = (id: string, reason: string) => Validations.of(this).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions-L1',
      `Node.js 22 (${functionRuntime.name}) on purpose: the handlers are bundled for ${bundleTarget} and tested on it, and it is supported LTS. Moving to a newer runtime is a deliberate change of functionRuntime and bundleTarget after the test suite has run on it.`,
    );
    if (def.tables.write.length > 0 || def.sendsTo.length > 0 || (def.redrives ?? []).length > 0) {
      const kmsReason =
        'Only on the hub key (the resource is that one key ARN). The wildcard covers the variants of one operation (GenerateDataKey/GenerateDataKeyWithoutPlaintext, ReEncryptFrom/ReEncryptTo) that the CDK grants for writing KMS-encrypted DynamoDB items and SQS messages.';
      acknowledge('AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', kmsReason);
      acknowledge('AwsSolutions-IAM5[Action::kms:ReEncrypt*]', kmsReason);
    }
    const stack = Stack.of(this);
    for (const name of resourcesOf(def).tables) {
      if (tableDefs[name].indexes.length === 0) continue;
      const table = hubTables.byName[name];
      const logicalId = stack.resolve((table.node.defaultChild as CfnTable).logicalId) as string;
      acknowledge(
        `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
        `The ${name} table's own global secondary indexes (${tableDefs[name].indexes.map((index) => index.name).join(', ')}), granted with the table by grantReadData/grantReadWriteData; queries need them, and the wildcard reaches no other table.`,
      );
    }
  }
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
