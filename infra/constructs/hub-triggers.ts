/**
 * How functions start other than by HTTP: the SQS event source of each topology `queueSource`
 * (partial batch failures reported, so only failed messages are retried) and an EventBridge
 * rule for each topology `schedule`.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { functionNames, functions, type FunctionName, type ScheduleDef } from '../topology.js';
import type { HubQueues } from './hub-queues.js';

export interface HubTriggersProps {
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly queues: HubQueues;
  /** The interval in force for a schedule, seconds (settings may override the topology default). */
  readonly intervalSeconds: (schedule: ScheduleDef) => number;
}

export class HubTriggers extends Construct {
  readonly rules: Rule[] = [];

  constructor(scope: Construct, id: string, props: HubTriggersProps) {
    super(scope, id);
    for (const name of functionNames) {
      const def = functions[name];
      const fn = props.functions[name];
      if (def.queueSource) {
        const source = def.queueSource;
        fn.addEventSource(
          new SqsEventSource(props.queues.byName[source.queue].queue, {
            batchSize: source.batchSize,
            maxBatchingWindow: Duration.seconds(source.batchingWindowSeconds),
            maxConcurrency: source.maxConcurrency,
            reportBatchItemFailures: true,
          }),
        );
      }
      if (def.schedule) {
        const seconds = props.intervalSeconds(def.schedule);
        this.rules.push(
          new Rule(this, `${name}Schedule`, {
            description: `jx-ce-hub: run ${name} every ${seconds} s (${def.schedule.intervalSecondsVariable})`,
            schedule: Schedule.rate(Duration.seconds(seconds)),
            // A missed run is not retried: the next one starts from the same stored cursor.
            targets: [new LambdaFunction(fn, { retryAttempts: 0 })],
          }),
        );
      }
    }
  }
}
