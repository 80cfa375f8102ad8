/**
 * Operations (issue 5.4): the encrypted alarm topic, the alarms, the dashboard; metric names,
 * namespace and dimensions exactly as the functions emit them (shared/observability.ts plus
 * Powertools' `service` dimension).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricNames, metricsNamespace, platformDimension, serviceName } from '../../shared/observability.js';
import { platformCodes } from '../../shared/platforms/platform.js';
import { functionNames, queueNames } from '../../infra/topology.js';
import {
  getAtt,
  logicalIdOf,
  ref,
  resourcesOfType,
  synthHub,
  type CfnResource,
  type SynthesisedHub,
} from './support/hub.js';

let hub: SynthesisedHub;
let topicId: string;

beforeAll(() => {
  hub = synthHub({ bundle: false });
  topicId = logicalIdOf(hub.stack.alarms.topic);
});
afterAll(() => hub.cleanup());

const alarms = (): CfnResource[] => resourcesOfType(hub.json, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm);
const alarmNamed = (suffix: string): Record<string, unknown> => {
  const found = alarms().filter((alarm) => String(alarm.Properties?.AlarmName).endsWith(`-${suffix}`));
  expect(found, suffix).toHaveLength(1);
  return found[0]!.Properties!;
};
const hubDimensions = (platform: string) => [
  { Name: platformDimension, Value: platform },
  { Name: 'service', Value: serviceName },
];

describe('alarm topic', () => {
  it('is encrypted with the hub key and refuses non-TLS publishing', () => {
    hub.template.resourceCountIs('AWS::SNS::Topic', 1);
    hub.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(logicalIdOf(hub.stack.key.key)) });
    hub.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
  });

  it('the key lets CloudWatch alarms publish to the encrypted topic', () => {
    hub.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('every alarm notifies the topic on alarm and on recovery', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) {
      expect(alarm.Properties?.AlarmActions).toEqual([ref(topicId)]);
      expect(alarm.Properties?.OKActions).toEqual([ref(topicId)]);
      expect(String(alarm.Properties?.AlarmDescription).length).toBeGreaterThan(20);
    }
  });
});

describe('alarms', () => {
  it.each(queueNames)('%s: dead-letter queue not empty, and its oldest message too old', (name) => {
    const dlqName = {
      Name: 'QueueName',
      Value: getAtt(logicalIdOf(hub.stack.queues.byName[name].deadLetterQueue), 'QueueName'),
    };
    expect(alarmNamed(`${name}-dead-letters`)).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [dlqName],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
    expect(alarmNamed(`${name}-dead-letters-old`)).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [dlqName],
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each([
    [
      'no successful run in 30 minutes, missing data breaching',
      'wangti-poller-silent',
      {
        MetricName: metricNames.pollerSuccess,
        Statistic: 'Sum',
        Period: 1800,
        EvaluationPeriods: 1,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      },
    ],
    [
      'any 401',
      'wangti-poller-unauthorized',
      { MetricName: metricNames.pollerUnauthorized, ComparisonOperator: 'GreaterThanThreshold', Threshold: 0 },
    ],
  ] as const)('wangti poller: %s', (_what, alarm, expected) => {
    expect(alarmNamed(alarm)).toMatchObject({
      Namespace: metricsNamespace,
      Dimensions: hubDimensions('wangti'),
      ...expected,
    });
  });

  it.each(platformCodes)('%s: error rate = (failed + rejected) / received, by a math expression', (platform) => {
    const properties = alarmNamed(`${platform}-error-rate`);
    const queries = properties.Metrics as Array<{
      Id: string;
      Expression?: string;
      ReturnData?: boolean;
      MetricStat?: { Metric: Record<string, unknown> };
    }>;
    const expression = queries.find((query) => query.Expression);
    expect(expression?.Expression).toContain('received');
    expect(expression?.Expression).toMatch(/failed.*rejected|rejected.*failed/);
    const used = Object.fromEntries(
      queries.filter((query) => query.MetricStat).map((query) => [query.Id, query.MetricStat!.Metric]),
    );
    expect(used).toEqual({
      received: { Namespace: metricsNamespace, MetricName: metricNames.received, Dimensions: hubDimensions(platform) },
      failed: { Namespace: metricsNamespace, MetricName: metricNames.failed, Dimensions: hubDimensions(platform) },
      rejected: { Namespace: metricsNamespace, MetricName: metricNames.rejected, Dimensions: hubDimensions(platform) },
    });
  });

  it.each(functionNames)('%s: errors and throttles', (name) => {
    const fn = { Name: 'FunctionName', Value: ref(logicalIdOf(hub.stack.functions[name].fn)) };
    expect(alarmNamed(`${name}-errors`)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [fn],
      Threshold: 0,
    });
    expect(alarmNamed(`${name}-throttles`)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [fn],
      Threshold: 0,
    });
  });

  it('API 5xx', () => {
    expect(alarmNamed('api-5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: ref(logicalIdOf(hub.stack.httpApi.api)) }],
    });
  });
});

describe('dashboard', () => {
  const body = (): string =>
    JSON.stringify(resourcesOfType(hub.json, 'AWS::CloudWatch::Dashboard')[0]?.[1].Properties?.DashboardBody);

  it('exists once', () => {
    hub.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it.each(platformCodes)('%s: records by outcome and processing latency p50/p99', (platform) => {
    const text = body();
    for (const name of [
      metricNames.received,
      metricNames.accepted,
      metricNames.duplicate,
      metricNames.rejected,
      metricNames.failed,
      metricNames.processingLatency,
    ]) {
      expect(text).toContain(
        `\\"${metricsNamespace}\\",\\"${name}\\",\\"${platformDimension}\\",\\"${platform}\\",\\"service\\",\\"${serviceName}\\"`,
      );
    }
    expect(text).toContain(`\\"title\\":\\"${platform}: processing latency (ms)\\"`);
    expect(text).toMatch(/"stat\\":\\"p50\\"/);
    expect(text).toMatch(/"stat\\":\\"p99\\"/);
  });

  it.each(platformCodes)("%s: topics not on the year's list (catalogue drift)", (platform) => {
    const text = body();
    expect(text).toContain(
      `\\"${metricsNamespace}\\",\\"${metricNames.otherTopic}\\",\\"${platformDimension}\\",\\"${platform}\\"`,
    );
    expect(text).toContain(`\\"title\\":\\"${platform}: topics not on the year's list\\"`);
  });

  it('poller lag, queue and dead-letter depth and age, function errors/throttles/duration/concurrency, API', () => {
    const text = body();
    expect(text).toContain(`\\"${metricNames.pollerLag}\\",\\"${platformDimension}\\",\\"wangti\\"`);
    for (const metric of [
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
      'Errors',
      'Throttles',
      'Duration',
      'ConcurrentExecutions',
      '5xx',
      '4xx',
    ]) {
      expect(text, metric).toContain(`\\"${metric}\\"`);
    }
    for (const name of queueNames) expect(text).toContain(`${name} dead letters: oldest (s)`);
  });
});
