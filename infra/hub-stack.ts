/**
 * The hub in the cloud, built from infra/topology.ts: one KMS key; the tables, queues and
 * secrets; one function per topology function with exactly its access; the HTTP API; queue
 * and schedule triggers; alarms and a dashboard. Environment-agnostic (no account or region,
 * no look-ups) and partition-neutral, so it synthesises offline and deploys in China too.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { byNameOf } from './constructs/by-name.js';
import { HubAlarms } from './constructs/hub-alarms.js';
import { HubDashboard } from './constructs/hub-dashboard.js';
import { HubFunction } from './constructs/hub-function.js';
import { HubHttpApi } from './constructs/hub-http-api.js';
import { HubKey } from './constructs/hub-key.js';
import { HubQueues } from './constructs/hub-queues.js';
import { HubSecrets } from './constructs/hub-secrets.js';
import { HubTables } from './constructs/hub-tables.js';
import { HubTriggers } from './constructs/hub-triggers.js';
import { pollIntervalVariable, resolveSettings, settingsEnvironment, type HubSettings } from './settings.js';
import { functionNames, functions, type FunctionName, type ScheduleDef } from './topology.js';

/** The repository root (this file lives in infra/). */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface HubStackProps extends StackProps {
  /** Bundle the real handlers with esbuild (default true). false: inline stubs, for fast structure tests only. */
  readonly bundle?: boolean;
  /** Non-secret settings; unset ones come from CDK context, then the documented defaults (infra/settings.ts). */
  readonly settings?: Partial<HubSettings>;
  /** Where the topology's `entry` paths and package-lock.json are (default: the repository root). */
  readonly projectRoot?: string;
}

export class HubStack extends Stack {
  readonly settings: HubSettings;
  readonly key: HubKey;
  readonly tables: HubTables;
  readonly queues: HubQueues;
  readonly secrets: HubSecrets;
  readonly functions: Readonly<Record<FunctionName, HubFunction>>;
  readonly httpApi: HubHttpApi;
  readonly triggers: HubTriggers;
  readonly alarms: HubAlarms;
  readonly dashboard: HubDashboard;

  constructor(scope: Construct, id: string, props: HubStackProps = {}) {
    super(scope, id, { description: 'Jiangxi continuing-education hub (jx-ce-hub)', ...props });
    this.settings = resolveSettings(this.node, props.settings);
    const projectRoot = props.projectRoot ?? repositoryRoot;
    const bundle = props.bundle ?? true;

    this.key = new HubKey(this, 'Encryption');
    const key = this.key.key;
    this.tables = new HubTables(this, 'Tables', { key });
    this.queues = new HubQueues(this, 'Queues', { key });
    this.secrets = new HubSecrets(this, 'Secrets', { key });

    const settings = settingsEnvironment(this.settings);
    this.functions = byNameOf(
      functionNames,
      (name) =>
        new HubFunction(this, name, {
          name,
          def: functions[name],
          key,
          tables: this.tables,
          queues: this.queues,
          secrets: this.secrets,
          settings,
          projectRoot,
          bundle,
        }),
    );
    const lambdas: Record<FunctionName, IFunction> = byNameOf(functionNames, (name) => this.functions[name].fn);

    this.httpApi = new HubHttpApi(this, 'Http', { key, functions: lambdas });
    this.triggers = new HubTriggers(this, 'Triggers', {
      functions: lambdas,
      queues: this.queues,
      intervalSeconds: (schedule) => this.intervalSeconds(schedule),
    });
    this.alarms = new HubAlarms(this, 'Alarms', {
      key,
      queues: this.queues,
      functions: lambdas,
      api: this.httpApi.api,
      pollSeconds: this.settings.wangtiPollSeconds,
    });
    this.dashboard = new HubDashboard(this, 'Operations', {
      queues: this.queues,
      functions: lambdas,
      api: this.httpApi.api,
      alarms: this.alarms.alarms,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.httpApi.url,
      description: 'Base URL of the hub (webhooks, /v1, /ops)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Subscribe operators here',
    });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboard.dashboardName });
  }

  private intervalSeconds(schedule: ScheduleDef): number {
    return schedule.intervalSecondsVariable === pollIntervalVariable
      ? this.settings.wangtiPollSeconds
      : schedule.intervalSecondsDefault;
  }
}
