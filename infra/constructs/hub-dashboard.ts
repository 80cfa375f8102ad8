/**
 * The operators' CloudWatch dashboard: per platform its record flow (received, accepted,
 * duplicate, rejected, failed), error rate and processing latency (p50, p99), and for wangti
 * the poller's lag and runs; the queues' depth and oldest age, dead letters included; every
 * function's errors, throttles, duration and concurrency; the API; the alarms' states.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  Stats,
  TextWidget,
  type IAlarm,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { metricNames } from '../../shared/observability.js';
import type { PlatformCode } from '../../shared/platforms/platform.js';
import { functionNames, queueNames, type FunctionName, type QueueName } from '../topology.js';
import type { HubQueues } from './hub-queues.js';
import { errorRatePercent, hubMetric, metricPeriod, platforms, pollerPlatform } from './hub-metrics.js';

const width = 24;
const graph = (title: string, left: IMetric[], columns: number, right: IMetric[] = []): GraphWidget =>
  new GraphWidget({ title, left, right, width: columns, height: 6 });

export interface HubDashboardProps {
  readonly queues: HubQueues;
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly api: HttpApi;
  readonly alarms: readonly IAlarm[];
}

const recordNames = [
  metricNames.received,
  metricNames.accepted,
  metricNames.duplicate,
  metricNames.rejected,
  metricNames.failed,
] as const;

/** A platform's row: its record flow and error rate, its latency, its topics off the list, and the poller's runs. */
const platformRow = (platform: PlatformCode): IWidget[] => {
  const row: IWidget[] = [
    graph(
      `${platform}: records`,
      recordNames.map((name) => hubMetric(name, platform).with({ label: name })),
      8,
      [errorRatePercent(platform)],
    ),
    graph(
      `${platform}: processing latency (ms)`,
      [
        hubMetric(metricNames.processingLatency, platform, Stats.p(50)).with({ label: 'p50' }),
        hubMetric(metricNames.processingLatency, platform, Stats.p(99)).with({ label: 'p99' }),
      ],
      8,
    ),
    // Catalogue drift (rules.md): counted all the same, shown as `other`.
    graph(
      `${platform}: topics not on the year's list`,
      [hubMetric(metricNames.otherTopic, platform).with({ label: metricNames.otherTopic })],
      8,
    ),
  ];
  if (platform === pollerPlatform) {
    row.push(
      graph(`${platform}: poller lag (s) and runs`, [hubMetric(metricNames.pollerLag, platform, Stats.MAXIMUM)], 8, [
        hubMetric(metricNames.pollerSuccess, platform),
        hubMetric(metricNames.pollerUnauthorized, platform),
      ]),
    );
  }
  return row;
};

/** A queue's row: its depth and oldest message, and its dead letters'. */
const queueRow = (name: QueueName, queues: HubQueues): IWidget[] => {
  const { queue, deadLetterQueue } = queues.byName[name];
  const options = { period: Duration.minutes(1), statistic: Stats.MAXIMUM };
  return [
    graph(
      `${name} queue: depth`,
      [
        queue.metricApproximateNumberOfMessagesVisible(options),
        queue.metricApproximateNumberOfMessagesNotVisible(options),
      ],
      6,
    ),
    graph(`${name} queue: oldest message (s)`, [queue.metricApproximateAgeOfOldestMessage(options)], 6),
    graph(`${name} dead letters: depth`, [deadLetterQueue.metricApproximateNumberOfMessagesVisible(options)], 6),
    graph(`${name} dead letters: oldest (s)`, [deadLetterQueue.metricApproximateAgeOfOldestMessage(options)], 6),
  ];
};

const sum = { period: metricPeriod, statistic: Stats.SUM };

/** Every function's errors, throttles, duration and concurrency, one line each. */
const functionsRow = (functions: HubDashboardProps['functions']): IWidget[] => {
  const each = (metric: (fn: IFunction, name: FunctionName) => IMetric): IMetric[] =>
    functionNames.map((name) => metric(functions[name], name));
  return [
    graph(
      'functions: errors',
      each((fn, name) => fn.metricErrors({ ...sum, label: name })),
      6,
    ),
    graph(
      'functions: throttles',
      each((fn, name) => fn.metricThrottles({ ...sum, label: name })),
      6,
    ),
    graph(
      'functions: duration p99 (ms)',
      each((fn, name) => fn.metricDuration({ period: metricPeriod, statistic: Stats.p(99), label: name })),
      6,
    ),
    graph(
      'functions: concurrency (max)',
      each((fn, name) =>
        fn.metric('ConcurrentExecutions', { period: metricPeriod, statistic: Stats.MAXIMUM, label: name }),
      ),
      6,
    ),
  ];
};

/** The HTTP API's requests, errors and latency. */
const apiRow = (api: HttpApi): IWidget[] => [
  graph('API: requests', [api.metricCount(sum)], 8),
  graph('API: 4xx and 5xx', [api.metricClientError(sum), api.metricServerError(sum)], 8),
  graph(
    'API: latency (ms)',
    [
      api.metricLatency({ period: metricPeriod, statistic: Stats.p(50) }),
      api.metricLatency({ period: metricPeriod, statistic: Stats.p(99) }),
    ],
    8,
  ),
];

export class HubDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: HubDashboardProps) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# jx-ce-hub\nRecords per platform, the queues, the functions and the API. Every failure is listed by `GET /ops/failures`.',
        width,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width, height: 4 }));
    for (const platform of platforms) this.dashboard.addWidgets(...platformRow(platform));
    for (const name of queueNames) this.dashboard.addWidgets(...queueRow(name, props.queues));
    this.dashboard.addWidgets(...functionsRow(props.functions));
    this.dashboard.addWidgets(...apiRow(props.api));
  }
}
