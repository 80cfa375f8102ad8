/**
 * Operations (issue 5.4): a KMS-encrypted SNS topic and the alarms that tell operators to act.
 * Dead letters waiting, and waiting long; the completions queue falling behind; the wangti
 * poller silent or refused (401); a platform's records failing or rejected; any function
 * erroring or throttled; the API answering 5xx.
 */
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Stats, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { metricNames } from '../../shared/observability.js';
import type { PlatformCode } from '../../shared/platforms/platform.js';
import { functionNames, queueNames, type FunctionName, type QueueName } from '../topology.js';
import type { HubQueues } from './hub-queues.js';
import { errorRatePercent, hubMetric, metricPeriod, platforms, pollerPlatform } from './hub-metrics.js';

/** Oldest dead letter age that escalates, seconds: two days, well inside the 14-day retention. */
export const deadLetterAgeAlarmSeconds = 2 * 24 * 3600;
/** Oldest message age on a working queue that means the consumer is falling behind, seconds. */
export const queueBacklogAgeAlarmSeconds = 15 * 60;
/** The poller must have succeeded at least once in this window (or three poll intervals, if longer). */
export const pollerSilenceAlarmMinutes = 30;
/** A platform's records rejected or failed, percent of received, over a period. */
export const platformErrorRatePercentMax = 5;
/** CloudWatch's longest alarm period. */
const alarmPeriodMaxSeconds = 86_400;

export interface HubAlarmsProps {
  readonly key: IKey;
  readonly queues: HubQueues;
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly api: HttpApi;
  /** The poll interval in force, seconds. */
  readonly pollSeconds: number;
}

/** The alarms' topic, encrypted with the hub's key, that only CloudWatch alarms of this account may publish to. */
const alarmTopic = (scope: Construct, key: IKey): Topic => {
  const topic = new Topic(scope, 'Topic', { displayName: 'jx-ce-hub alarms', masterKey: key, enforceSSL: true });
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
      },
    }),
  );
  return topic;
};

export class HubAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: HubAlarmsProps) {
    super(scope, id);
    this.prefix = Stack.of(this).stackName;
    this.topic = alarmTopic(this, props.key);
    this.action = new SnsAction(this.topic);
    for (const name of queueNames) this.addQueueAlarms(name, props.queues);
    this.addPollerAlarms(props.pollSeconds);
    for (const platform of platforms) this.addPlatformAlarm(platform);
    for (const name of functionNames) this.addFunctionAlarms(name, props.functions[name]);
    this.add('api-5xx', {
      metric: props.api.metricServerError({ period: metricPeriod, statistic: Stats.SUM }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'The HTTP API answered 5xx. Platforms retry, but see the function errors and the access log.',
    });
  }

  /** Dead letters waiting, dead letters waiting long, and the queue itself falling behind. */
  private addQueueAlarms(name: QueueName, queues: HubQueues): void {
    const { queue, deadLetterQueue } = queues.byName[name];
    this.add(`${name}-dead-letters`, {
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `Messages are in the ${name} dead-letter queue. See GET /ops/health and the failures; after a fix, POST /ops/dead-letters/redrive.`,
    });
    this.add(`${name}-dead-letters-old`, {
      metric: deadLetterQueue.metricApproximateAgeOfOldestMessage({ period: metricPeriod, statistic: Stats.MAXIMUM }),
      threshold: deadLetterAgeAlarmSeconds,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `A dead letter in ${name} has waited over ${deadLetterAgeAlarmSeconds / 3600} hours; they are deleted after the queue's retention. Redrive or record them now.`,
    });
    this.add(`${name}-backlog`, {
      metric: queue.metricApproximateAgeOfOldestMessage({ period: metricPeriod, statistic: Stats.MAXIMUM }),
      threshold: queueBacklogAgeAlarmSeconds,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      description: `The oldest ${name} message is over ${queueBacklogAgeAlarmSeconds / 60} minutes old: its consumer is failing or falling behind.`,
    });
  }

  /** The poller silent for longer than a few of its intervals, or refused by the platform. */
  private addPollerAlarms(pollSeconds: number): void {
    const silenceSeconds = Math.min(alarmPeriodMaxSeconds, Math.max(pollerSilenceAlarmMinutes * 60, 3 * pollSeconds));
    this.add(`${pollerPlatform}-poller-silent`, {
      metric: hubMetric(metricNames.pollerSuccess, pollerPlatform, Stats.SUM, Duration.seconds(silenceSeconds)),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
      description: `The ${pollerPlatform} poller has not completed a run in ${silenceSeconds / 60} minutes. See GET /ops/health and the poller's logs.`,
    });
    this.add(`${pollerPlatform}-poller-unauthorized`, {
      metric: hubMetric(metricNames.pollerUnauthorized, pollerPlatform),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `${pollerPlatform} answered 401: WANGTI_TOKEN expired or is wrong. Put a new token in the secret.`,
    });
  }

  private addPlatformAlarm(platform: PlatformCode): void {
    this.add(`${platform}-error-rate`, {
      metric: errorRatePercent(platform),
      threshold: platformErrorRatePercentMax,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description: `Over ${platformErrorRatePercentMax}% of ${platform}'s records were rejected or failed. See GET /ops/failures?platform=${platform}.`,
    });
  }

  private addFunctionAlarms(name: FunctionName, fn: IFunction): void {
    this.add(`${name}-errors`, {
      metric: fn.metricErrors({ period: metricPeriod, statistic: Stats.SUM }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `${name} invocations failed. See the function's log group.`,
    });
    this.add(`${name}-throttles`, {
      metric: fn.metricThrottles({ period: metricPeriod, statistic: Stats.SUM }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `${name} invocations were throttled (reserved or account concurrency).`,
    });
  }

  private add(
    id: string,
    options: {
      metric: IMetric;
      threshold: number;
      comparisonOperator: ComparisonOperator;
      description: string;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
      treatMissingData?: TreatMissingData;
    },
  ): void {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.prefix}-${id}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: options.comparisonOperator,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      ...(options.datapointsToAlarm === undefined ? {} : { datapointsToAlarm: options.datapointsToAlarm }),
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}
