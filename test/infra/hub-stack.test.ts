/**
 * The stack as built from infra/topology.ts: encryption, tables, queues, functions, least
 * privilege, secrets, HTTP API, triggers, partition neutrality. Synthesised once, with stub
 * code (bundles.test.ts proves the real bundles change nothing else).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretArnVariable as functionsSecretArnVariable } from '../../functions/lib/secrets.js';
import { metricsNamespace, serviceName } from '../../shared/observability.js';
import { accessLogFields, apiBurstLimit, apiRateLimitPerSecond } from '../../infra/constructs/hub-http-api.js';
import { secretArnVariable, topologySecretNames } from '../../infra/constructs/hub-secrets.js';
import { settingsDefaults } from '../../infra/settings.js';
import {
  deadLetterQueueVariable,
  functionNames,
  functions,
  queueNames,
  queues,
  queueVariable,
  tableNames,
  tables,
  tableVariable,
  type FunctionName,
  type TableName,
} from '../../infra/topology.js';
import {
  actionsOf,
  documentStatementsOf,
  environmentOf,
  getAtt,
  propertyOf,
  logicalIdOf,
  ref,
  referencedIds,
  resourcesOfType,
  roleStatements,
  synthHub,
  type CfnResource,
  type SynthesisedHub,
} from './support/hub.js';

let hub: SynthesisedHub;
let keyId: string;
const keyArn = () => getAtt(keyId);

beforeAll(() => {
  hub = synthHub({ bundle: false });
  keyId = logicalIdOf(hub.stack.key.key);
});
afterAll(() => hub.cleanup());

const functionResource = (name: FunctionName): CfnResource =>
  hub.json.Resources[logicalIdOf(hub.stack.functions[name].fn)]!;
const functionEnvironment = (name: FunctionName): Record<string, unknown> => environmentOf(functionResource(name));
const statementsOf = (name: FunctionName) => roleStatements(hub.json, logicalIdOf(hub.stack.functions[name].role));
const tableId = (name: TableName) => logicalIdOf(hub.stack.tables.byName[name]);

describe('the customer-managed key', () => {
  it('is the only key, with rotation on, retained', () => {
    hub.template.resourceCountIs('AWS::KMS::Key', 1);
    hub.template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  it('lets CloudWatch Logs use it only for log groups of this account and region (partition-neutral principal)', () => {
    hub.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: {
              Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] },
            },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('encrypts every log group', () => {
    const logGroups = resourcesOfType(hub.json, 'AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(functionNames.length + 1); // one per function, one for API access logs
    for (const [, logGroup] of logGroups) {
      expect(logGroup.Properties?.KmsKeyId).toEqual(keyArn());
      expect(logGroup.Properties?.RetentionInDays).toBeGreaterThanOrEqual(180);
    }
  });
});

describe('tables', () => {
  it('has exactly the topology tables', () => {
    hub.template.resourceCountIs('AWS::DynamoDB::Table', tableNames.length);
  });

  it.each(tableNames)('%s: on demand, PITR, deletion protection, SSE with the hub key, retained', (name) => {
    const table = hub.json.Resources[tableId(name)]!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn() },
    });
  });

  it.each(tableNames)('%s: keys, TTL and indexes as the topology declares', (name) => {
    const def = tables[name];
    const properties = hub.json.Resources[tableId(name)]!.Properties!;
    const keySchema = [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' }] : []),
    ];
    expect(properties.KeySchema).toEqual(keySchema);
    if (def.ttlAttribute)
      expect(properties.TimeToLiveSpecification).toEqual({ AttributeName: def.ttlAttribute, Enabled: true });
    else expect(properties.TimeToLiveSpecification).toBeUndefined();
    const indexes = (properties.GlobalSecondaryIndexes ?? []) as Array<Record<string, unknown>>;
    expect(indexes.map((index) => index.IndexName)).toEqual(def.indexes.map((index) => index.name));
    for (const index of def.indexes) {
      const made = indexes.find((candidate) => candidate.IndexName === index.name)!;
      expect(made.KeySchema).toEqual([
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ]);
      expect(made.Projection).toEqual(
        index.projectedAttributes.length > 0
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projectedAttributes] }
          : { ProjectionType: 'KEYS_ONLY' },
      );
    }
  });
});

describe('queues', () => {
  it('has each topology queue and its dead-letter queue, nothing else', () => {
    hub.template.resourceCountIs('AWS::SQS::Queue', queueNames.length * 2);
  });

  it.each(queueNames)(
    '%s: KMS with the hub key, dead-letter queue, retention and visibility from the topology',
    (name) => {
      const def = queues[name];
      const { queue, deadLetterQueue } = hub.stack.queues.byName[name];
      const dlqId = logicalIdOf(deadLetterQueue);
      expect(hub.json.Resources[logicalIdOf(queue)]!.Properties).toMatchObject({
        KmsMasterKeyId: keyArn(),
        VisibilityTimeout: def.visibilityTimeoutSeconds,
        MessageRetentionPeriod: def.retentionDays * 86_400,
        RedrivePolicy: { deadLetterTargetArn: getAtt(dlqId), maxReceiveCount: def.deadLetter.maxReceiveCount },
      });
      expect(hub.json.Resources[dlqId]!.Properties).toMatchObject({
        KmsMasterKeyId: keyArn(),
        MessageRetentionPeriod: def.deadLetter.retentionDays * 86_400,
      });
    },
  );

  it('every queue has a policy denying requests without TLS', () => {
    for (const [queueId] of resourcesOfType(hub.json, 'AWS::SQS::Queue')) {
      const policies = resourcesOfType(hub.json, 'AWS::SQS::QueuePolicy').filter(
        ([, policy]) => JSON.stringify(policy.Properties?.Queues) === JSON.stringify([ref(queueId)]),
      );
      expect(policies, queueId).toHaveLength(1);
      expect(policies[0]![1].Properties?.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    }
  });
});

describe('functions', () => {
  it('has one function per topology function and no other (no log-retention or custom-resource functions)', () => {
    hub.template.resourceCountIs('AWS::Lambda::Function', functionNames.length);
  });

  it.each(functionNames)(
    '%s: Node 22 on ARM, memory, timeout, description and reserved concurrency from the topology',
    (name) => {
      const def = functions[name];
      const properties = functionResource(name).Properties!;
      expect(properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: def.memoryMb,
        Timeout: def.timeoutSeconds,
        Description: def.description,
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: ref(logicalIdOf(hub.stack.functions[name].logGroup)) },
      });
      expect(properties.ReservedConcurrentExecutions).toBe(def.reservedConcurrency);
    },
  );

  it.each(functionNames)('%s: environment names its tables, queues, secrets, metrics and settings', (name) => {
    const def = functions[name];
    const env = functionEnvironment(name);
    const expected: Record<string, unknown> = {
      POWERTOOLS_SERVICE_NAME: serviceName,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      JXNU_APP_ID: settingsDefaults.jxnuAppId,
      WANGTI_BASE_URL: settingsDefaults.wangtiBaseUrl,
      WANGTI_POLL_SECONDS: String(settingsDefaults.wangtiPollSeconds),
    };
    for (const table of new Set([...def.tables.read, ...def.tables.write]))
      expected[tableVariable(table)] = ref(tableId(table));
    for (const queue of new Set([
      ...def.sendsTo,
      ...(def.redrives ?? []),
      ...(def.queueSource ? [def.queueSource.queue] : []),
    ])) {
      expected[queueVariable(queue)] = ref(logicalIdOf(hub.stack.queues.byName[queue].queue));
    }
    for (const queue of def.redrives ?? [])
      expected[deadLetterQueueVariable(queue)] = ref(logicalIdOf(hub.stack.queues.byName[queue].deadLetterQueue));
    for (const secret of def.secrets)
      expected[secretArnVariable(secret)] = ref(logicalIdOf(hub.stack.secrets.get(secret)));
    expect(env).toMatchObject(expected);
    // Nothing beyond that: no table, queue or secret the topology does not list for it.
    const unexpected = Object.keys(env).filter(
      (key) => /^(TABLE_|QUEUE_)|_SECRET_ARN$/.test(key) && !(key in expected),
    );
    expect(unexpected).toEqual([]);
    expect(env.NODE_OPTIONS).toBeUndefined(); // no source maps shipped, so no --enable-source-maps
  });

  it('uses its own role with no managed policies, writing only to its own log group', () => {
    for (const [, role] of resourcesOfType(hub.json, 'AWS::IAM::Role'))
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    for (const name of functionNames) {
      const logGroupArn = getAtt(logicalIdOf(hub.stack.functions[name].logGroup));
      const logStatements = statementsOf(name).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('logs:')),
      );
      expect(logStatements).toEqual([
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: logGroupArn }),
      ]);
    }
  });
});

describe('least privilege from the topology', () => {
  const dataActions = /^(dynamodb|sqs):/;

  it('no statement anywhere has a wildcard action on DynamoDB or SQS data, or a bare "*" action', () => {
    const allowStatements = resourcesOfType(hub.json, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      documentStatementsOf(policy, 'PolicyDocument'),
    );
    expect(allowStatements.length).toBeGreaterThan(0);
    for (const statement of allowStatements) {
      for (const action of actionsOf(statement)) {
        expect(action).not.toBe('*');
        if (dataActions.test(action)) expect(action, action).not.toContain('*');
      }
    }
  });

  it.each(functionNames)('%s: reads and writes exactly the tables it lists (and their indexes)', (name) => {
    const def = functions[name];
    const statements = statementsOf(name).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
    const touched = new Set<string>();
    const writable = new Set<string>();
    for (const statement of statements) {
      const ids = referencedIds(statement.Resource);
      for (const id of ids) touched.add(id);
      if (
        actionsOf(statement).some((action) =>
          ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'].includes(
            action,
          ),
        )
      ) {
        for (const id of ids) writable.add(id);
      }
    }
    expect([...touched].sort()).toEqual([...new Set([...def.tables.read, ...def.tables.write])].map(tableId).sort());
    expect([...writable].sort()).toEqual([...new Set(def.tables.write)].map(tableId).sort());
    for (const table of new Set([...def.tables.read, ...def.tables.write])) {
      const indexArn = { 'Fn::Join': ['', [getAtt(tableId(table)), '/index/*']] };
      const coversIndexes = statements.some((statement) =>
        JSON.stringify(statement.Resource).includes(JSON.stringify(indexArn)),
      );
      expect(coversIndexes, table).toBe(tables[table].indexes.length > 0);
    }
  });

  it.each(functionNames)(
    '%s: sends only to the queues it lists; only a redriver touches dead-letter queues',
    (name) => {
      const def = functions[name];
      const statements = statementsOf(name);
      const sendTargets = new Set(
        statements
          .filter((statement) => actionsOf(statement).includes('sqs:SendMessage'))
          .flatMap((statement) => [...referencedIds(statement.Resource)]),
      );
      expect([...sendTargets].sort()).toEqual(
        [...new Set([...def.sendsTo, ...(def.redrives ?? [])])]
          .map((queue) => logicalIdOf(hub.stack.queues.byName[queue].queue))
          .sort(),
      );
      const dlqIds = new Set(queueNames.map((queue) => logicalIdOf(hub.stack.queues.byName[queue].deadLetterQueue)));
      const dlqTouched = statements.filter(
        (statement) =>
          actionsOf(statement).some((action) => action.startsWith('sqs:')) &&
          [...referencedIds(statement.Resource)].some((id) => dlqIds.has(id)),
      );
      expect(dlqTouched.length > 0).toBe((def.redrives ?? []).length > 0);
    },
  );

  it('the ops API may start a move on every dead-letter queue (POST /ops/dead-letters/redrive moves them all)', () => {
    for (const queue of queueNames) {
      const deadLetterId = logicalIdOf(hub.stack.queues.byName[queue].deadLetterQueue);
      const granted = statementsOf('opsApi')
        .filter((statement) => referencedIds(statement.Resource).has(deadLetterId))
        .flatMap((statement) => actionsOf(statement));
      expect(granted, queue).toEqual(expect.arrayContaining(['sqs:StartMessageMoveTask', 'sqs:GetQueueAttributes']));
    }
  });

  it('a redriver may move messages from the dead-letter queue back as AWS documents, and read queue attributes for health', () => {
    const redrivers = functionNames.filter((name) => (functions[name].redrives ?? []).length > 0);
    expect(redrivers.length).toBeGreaterThan(0);
    for (const name of redrivers) {
      for (const queue of functions[name].redrives ?? []) {
        const { queue: source, deadLetterQueue } = hub.stack.queues.byName[queue];
        const on = (id: string) =>
          new Set(
            statementsOf(name)
              .filter((statement) => referencedIds(statement.Resource).has(id))
              .flatMap((statement) => actionsOf(statement)),
          );
        // AWS's list for a message move task: the task's three actions on both queues, plus reading the
        // dead-letter queue and sending to the source; attributes on both for health.
        const moveTask = ['sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks', 'sqs:CancelMessageMoveTask'];
        const needed = [
          [deadLetterQueue, [...moveTask, 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']],
          [source, [...moveTask, 'sqs:SendMessage', 'sqs:GetQueueAttributes']],
        ] as const;
        for (const [onQueue, actions] of needed) {
          const granted = on(logicalIdOf(onQueue));
          for (const action of actions) expect(granted, action).toContain(action);
        }
      }
    }
  });
});

describe('secrets', () => {
  it('has one secret per secret name the topology uses, encrypted with the hub key and retained', () => {
    expect(topologySecretNames().sort()).toEqual([
      'HNU_WEBHOOK_SECRETS',
      'JXNU_APP_SECRET',
      'OPS_API_KEYS',
      'PERSON_KEY_SECRET',
      'PORTAL_API_KEYS',
      'WANGTI_TOKEN',
    ]);
    hub.template.resourceCountIs('AWS::SecretsManager::Secret', topologySecretNames().length);
    for (const [, secret] of resourcesOfType(hub.json, 'AWS::SecretsManager::Secret')) {
      expect(secret.Properties?.KmsKeyId).toEqual(keyArn());
      expect(secret.DeletionPolicy).toBe('Retain');
    }
  });

  it('uses the same ARN variable names as functions/lib/secrets.ts', () => {
    for (const name of topologySecretNames()) expect(secretArnVariable(name)).toBe(functionsSecretArnVariable(name));
  });

  it.each(topologySecretNames())('%s: readable by exactly the functions that list it', (secretName) => {
    const secretId = logicalIdOf(hub.stack.secrets.get(secretName));
    const readers = functionNames.filter((name) =>
      statementsOf(name).some(
        (statement) =>
          actionsOf(statement).includes('secretsmanager:GetSecretValue') &&
          referencedIds(statement.Resource).has(secretId),
      ),
    );
    expect(readers).toEqual(functionNames.filter((name) => functions[name].secrets.includes(secretName)));
    const withVariable = functionNames.filter((name) => secretArnVariable(secretName) in functionEnvironment(name));
    expect(withVariable).toEqual(readers);
    // No other IAM policy (nor any role) in the stack names the secret.
    const policiesNaming = resourcesOfType(hub.json, 'AWS::IAM::Policy').filter(([, policy]) =>
      referencedIds(policy.Properties).has(secretId),
    );
    expect(policiesNaming).toHaveLength(readers.length);
  });
});

describe('HTTP API', () => {
  const routes = functionNames.flatMap((name) =>
    functions[name].routes.map((route) => ({ name, key: `${route.method} ${route.path}` })),
  );

  it('has exactly one route per topology route, each to its function with payload format 2.0', () => {
    const made = resourcesOfType(hub.json, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties!);
    expect(made.map((route) => route.RouteKey).sort()).toEqual(routes.map((route) => route.key).sort());
    for (const route of routes) {
      const properties = made.find((candidate) => candidate.RouteKey === route.key)!;
      const integrationId = String(properties.Target).split('/').at(-1) ?? '';
      const targetIds = referencedIds(properties.Target);
      expect(targetIds.size, route.key).toBe(1);
      const integration = hub.json.Resources[[...targetIds][0]!]!;
      expect(integration.Properties, integrationId).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: getAtt(logicalIdOf(hub.stack.functions[route.name].fn)),
      });
      expect(properties.AuthorizationType ?? 'NONE').toBe('NONE');
    }
  });

  it('default stage: auto-deployed, throttled, access-logged to a KMS-encrypted log group', () => {
    hub.template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    hub.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: apiBurstLimit, ThrottlingRateLimit: apiRateLimitPerSecond },
      AccessLogSettings: { DestinationArn: getAtt(logicalIdOf(hub.stack.httpApi.accessLogs)) },
    });
  });

  it('access log: request id and route template, never a body, query string, header or path value', () => {
    const stage = resourcesOfType(hub.json, 'AWS::ApiGatewayV2::Stage')[0]![1];
    const format = String(propertyOf<{ Format: string }>(stage, 'AccessLogSettings').Format);
    expect(JSON.parse(format)).toEqual(accessLogFields);
    expect(format).toContain('$context.requestId');
    expect(format).toContain('$context.routeKey');
    const variables = format.match(/\$[a-zA-Z.]+/g) ?? [];
    for (const variable of variables) {
      expect(variable).toMatch(/^\$context\./);
      expect(variable.toLowerCase()).not.toMatch(
        /body|querystring|header|authorization|authorizer|path|requestoverride|input/,
      );
    }
  });
});

describe('triggers', () => {
  it('each queueSource: batch size, batching window, max concurrency, partial batch failures', () => {
    const sourced = functionNames.filter((name) => functions[name].queueSource);
    hub.template.resourceCountIs('AWS::Lambda::EventSourceMapping', sourced.length);
    for (const name of sourced) {
      const source = functions[name].queueSource!;
      hub.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: ref(logicalIdOf(hub.stack.functions[name].fn)),
        EventSourceArn: getAtt(logicalIdOf(hub.stack.queues.byName[source.queue].queue)),
        BatchSize: source.batchSize,
        MaximumBatchingWindowInSeconds: source.batchingWindowSeconds,
        ScalingConfig: { MaximumConcurrency: source.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      // The queue must stay invisible longer than the consumer may run.
      expect(queues[source.queue].visibilityTimeoutSeconds).toBeGreaterThanOrEqual(functions[name].timeoutSeconds * 6);
    }
  });

  it('each schedule: an EventBridge rule at its default rate targeting its function', () => {
    const scheduled = functionNames.filter((name) => functions[name].schedule);
    hub.template.resourceCountIs('AWS::Events::Rule', scheduled.length);
    for (const name of scheduled) {
      const minutes = functions[name].schedule!.intervalSecondsDefault / 60;
      hub.template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: `rate(${minutes} minute${minutes === 1 ? '' : 's'})`,
        Targets: [Match.objectLike({ Arn: getAtt(logicalIdOf(hub.stack.functions[name].fn)) })],
      });
    }
  });
});

describe('partition and environment neutrality', () => {
  it('has no hard-coded partition in any ARN', () => {
    expect(JSON.stringify(hub.json)).not.toMatch(/arn:aws(-cn|-us-gov)?:/);
  });

  it('is environment-agnostic: no account, no region, no context look-ups', () => {
    expect(hub.stack.account).toMatch(/^\$\{Token\[/);
    expect(hub.stack.region).toMatch(/^\$\{Token\[/);
    expect(hub.assembly.manifest.missing ?? []).toEqual([]);
    expect(JSON.stringify(hub.json)).not.toMatch(/\b\d{12}\b/);
  });
});
