/**
 * Hardening regressions over the whole synthesised template, whatever construct a resource
 * comes from (hub-stack.test.ts checks each topology resource as declared; these sweeps also
 * catch a resource added later outside the topology's constructs): the soak's fault injector
 * and the development defaults never reach the cloud; every data store is encrypted with the
 * hub key and kept; no data action on every resource; every function's concurrency is capped;
 * only API Gateway and the schedule may invoke a function.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultsVariable } from '../../aws/fault-injection.js';
import { developmentDefaults, secretsSchema } from '../../shared/config.js';
import { functionNames, functions } from '../../infra/topology.js';
import {
  actionsOf,
  documentStatementsOf,
  getAtt,
  logicalIdOf,
  resourcesOfType,
  synthHub,
  type CfnResource,
  type PolicyStatement,
  type SynthesisedHub,
} from './support/hub.js';

/** Consumers of one queue at once, at most: a surge waits in the queue instead of taking the account's concurrency. */
const queueConsumersMax = 50;
/** Reserved concurrency of all hub functions together, at most, so the account keeps its unreserved pool. */
const reservedConcurrencyTotalMax = 100;
/** Requests a second the HTTP API lets through, at most, before it throttles (429). */
const apiRateLimitMax = 1_000;

let hub: SynthesisedHub;
let keyArn: unknown;

beforeAll(() => {
  hub = synthHub({ bundle: false });
  keyArn = getAtt(logicalIdOf(hub.stack.key.key));
});
afterAll(() => hub.cleanup());

const all = (type: string): Array<[string, CfnResource]> => resourcesOfType(hub.json, type);
const environmentOf = (resource: CfnResource): Record<string, unknown> =>
  (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};

describe('what only the local runtime may use never reaches the cloud', () => {
  it(`no function has ${faultsVariable}, HUB_LOCAL or a service endpoint override in its environment`, () => {
    const lambdas = all('AWS::Lambda::Function');
    expect(lambdas).toHaveLength(functionNames.length);
    for (const [id, fn] of lambdas) {
      const names = Object.keys(environmentOf(fn));
      expect(names, id).not.toContain(faultsVariable);
      expect(names, id).not.toContain('HUB_LOCAL');
      expect(
        names.filter((name) => name.startsWith('AWS_ENDPOINT_URL')),
        id,
      ).toEqual([]);
    }
    expect(JSON.stringify(hub.json)).not.toContain(faultsVariable);
  });

  it('no development default of a secret appears anywhere in the template, and no secret is a plain variable', () => {
    const template = JSON.stringify(hub.json);
    const secretNames = Object.keys(secretsSchema.shape);
    for (const name of secretNames) {
      const value = developmentDefaults[name];
      if (value) for (const part of value.split(',')) expect(template, name).not.toContain(part.split(':').at(-1));
    }
    for (const [id, fn] of all('AWS::Lambda::Function')) {
      for (const name of secretNames) expect(Object.keys(environmentOf(fn)), id).not.toContain(name);
    }
  });
});

describe('every data store in the template', () => {
  it('is encrypted with the hub key: tables, queues, topics, log groups, secrets', () => {
    const stores: Array<[string, (resource: CfnResource) => unknown]> = [
      [
        'AWS::DynamoDB::Table',
        (r) => (r.Properties?.SSESpecification as { KMSMasterKeyId?: unknown } | undefined)?.KMSMasterKeyId,
      ],
      ['AWS::SQS::Queue', (r) => r.Properties?.KmsMasterKeyId],
      ['AWS::SNS::Topic', (r) => r.Properties?.KmsMasterKeyId],
      ['AWS::Logs::LogGroup', (r) => r.Properties?.KmsKeyId],
      ['AWS::SecretsManager::Secret', (r) => r.Properties?.KmsKeyId],
    ];
    let checked = 0;
    for (const [type, keyOf] of stores) {
      for (const [id, resource] of all(type)) {
        expect(keyOf(resource), `${type} ${id}`).toEqual(keyArn);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
    for (const [id, table] of all('AWS::DynamoDB::Table'))
      expect(table.Properties?.SSESpecification, id).toMatchObject({ SSEType: 'KMS' });
  });

  it('keeps what cannot be recreated when the stack is deleted or a resource replaced: tables, the key, secrets, logs', () => {
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::KMS::Key',
      'AWS::SecretsManager::Secret',
      'AWS::Logs::LogGroup',
    ]) {
      for (const [id, resource] of all(type)) {
        expect(resource.DeletionPolicy, `${type} ${id}`).toBe('Retain');
        expect(resource.UpdateReplacePolicy, `${type} ${id}`).toBe('Retain');
      }
    }
  });

  it('every table: point-in-time recovery and deletion protection', () => {
    const tables = all('AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThan(0);
    for (const [id, table] of tables) {
      expect(table.Properties?.PointInTimeRecoverySpecification, id).toMatchObject({
        PointInTimeRecoveryEnabled: true,
      });
      expect(table.Properties?.DeletionProtectionEnabled, id).toBe(true);
    }
  });

  it('every queue and topic refuses requests not made over TLS', () => {
    const policies = [...all('AWS::SQS::QueuePolicy'), ...all('AWS::SNS::TopicPolicy')];
    for (const [type, policyType, listKey] of [
      ['AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'Queues'],
      ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'Topics'],
    ] as const) {
      for (const [id] of all(type)) {
        const covering = policies.filter(
          ([, policy]) =>
            policy.Type === policyType && JSON.stringify(policy.Properties?.[listKey]).includes(`"${id}"`),
        );
        const denies = covering.some(([, policy]) =>
          documentStatementsOf<Record<string, unknown>>(policy, 'PolicyDocument').some(
            (statement) =>
              statement.Effect === 'Deny' &&
              JSON.stringify(statement.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
          ),
        );
        expect(denies, `${type} ${id}`).toBe(true);
      }
    }
  });
});

describe('least privilege, whatever grants it', () => {
  const allows = (): Array<[string, PolicyStatement]> =>
    all('AWS::IAM::Policy').flatMap(([id, policy]) =>
      documentStatementsOf(policy, 'PolicyDocument')
        .filter((s) => s.Effect === 'Allow')
        .map((s): [string, PolicyStatement] => [id, s]),
    );
  const dataAction = /^(dynamodb|sqs|secretsmanager|sns):|^kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt)/;

  it('no data action (DynamoDB, SQS, SNS, Secrets Manager, KMS use) on every resource ("*")', () => {
    const statements = allows();
    expect(statements.length).toBeGreaterThan(0);
    for (const [id, statement] of statements) {
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      if (!resources.includes('*')) continue;
      expect(
        actionsOf(statement).filter((action) => dataAction.test(action)),
        id,
      ).toEqual([]);
    }
  });

  it('no role may be assumed by anything but Lambda, and none carries a managed policy', () => {
    for (const [id, role] of all('AWS::IAM::Role')) {
      const statements = documentStatementsOf<{ Principal?: unknown }>(role, 'AssumeRolePolicyDocument');
      for (const statement of statements) expect(statement.Principal, id).toEqual({ Service: 'lambda.amazonaws.com' });
      expect(role.Properties?.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it('the key policy grants nothing to everyone, and every service it trusts is held to a condition', () => {
    for (const [id, key] of all('AWS::KMS::Key')) {
      for (const statement of documentStatementsOf<Record<string, unknown>>(key, 'KeyPolicy')) {
        expect(statement.Principal, id).not.toBe('*');
        expect(JSON.stringify(statement.Principal), id).not.toBe(JSON.stringify({ AWS: '*' }));
        if (statement.Effect === 'Allow' && (statement.Principal as { Service?: unknown } | undefined)?.Service)
          expect(statement.Condition, JSON.stringify(statement.Principal)).toBeDefined();
      }
    }
  });

  it('only API Gateway and EventBridge may invoke a function, each for its own API or rule; no function URL', () => {
    expect(all('AWS::Lambda::Url')).toEqual([]);
    const permissions = all('AWS::Lambda::Permission');
    expect(permissions.length).toBeGreaterThan(0);
    for (const [id, permission] of permissions) {
      expect(['apigateway.amazonaws.com', 'events.amazonaws.com'], id).toContain(permission.Properties?.Principal);
      expect(permission.Properties?.SourceArn, id).toBeDefined();
      expect(permission.Properties?.Action, id).toBe('lambda:InvokeFunction');
    }
  });
});

describe('a surge cannot exhaust the account', () => {
  it(`the topology caps every queue consumer at ${queueConsumersMax} and keeps reserved concurrency under ${reservedConcurrencyTotalMax} in all`, () => {
    let reserved = 0;
    for (const name of functionNames) {
      const def = functions[name];
      if (def.queueSource) {
        expect(def.queueSource.maxConcurrency, name).toBeGreaterThanOrEqual(2); // the event source's minimum
        expect(def.queueSource.maxConcurrency, name).toBeLessThanOrEqual(queueConsumersMax);
      }
      if (def.schedule)
        expect(
          def.reservedConcurrency,
          `${name} runs on a schedule and must have reserved concurrency`,
        ).toBeGreaterThan(0);
      reserved += def.reservedConcurrency ?? 0;
    }
    expect(reserved).toBeLessThanOrEqual(reservedConcurrencyTotalMax);
  });

  it('every function is capped in the template: by its queue trigger, its reserved concurrency, or the throttled HTTP API', () => {
    const mappings = all('AWS::Lambda::EventSourceMapping');
    const stage = all('AWS::ApiGatewayV2::Stage')[0]?.[1];
    const throttle = stage?.Properties?.DefaultRouteSettings as
      | { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number }
      | undefined;
    for (const name of functionNames) {
      const fnId = logicalIdOf(hub.stack.functions[name].fn);
      const fn = hub.json.Resources[fnId]!;
      const byQueue = mappings.filter(([, mapping]) =>
        JSON.stringify(mapping.Properties?.FunctionName).includes(`"${fnId}"`),
      );
      for (const [id, mapping] of byQueue) {
        const maximum = (mapping.Properties?.ScalingConfig as { MaximumConcurrency?: number } | undefined)
          ?.MaximumConcurrency;
        expect(maximum, id).toBeDefined();
        expect(maximum, id).toBeLessThanOrEqual(queueConsumersMax);
      }
      const reserved = fn.Properties?.ReservedConcurrentExecutions as number | undefined;
      const byApi = functions[name].routes.length > 0;
      expect(byQueue.length > 0 || reserved !== undefined || byApi, name).toBe(true);
      if (byApi) {
        expect(throttle?.ThrottlingRateLimit, name).toBeLessThanOrEqual(apiRateLimitMax);
        expect(throttle?.ThrottlingBurstLimit, name).toBeLessThanOrEqual(apiRateLimitMax * 2);
      }
      if (functions[name].schedule) expect(reserved, name).toBe(functions[name].reservedConcurrency);
    }
  });
});
