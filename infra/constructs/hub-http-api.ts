/**
 * The hub's HTTP API: one route per topology route, each to its function (Lambda proxy,
 * payload format 2.0). Callers authenticate in the function (platform signatures, bearer keys
 * per consumer), so the routes carry no API Gateway authorizer. The default stage throttles
 * the whole API and writes access logs that name the route template, never a path or query
 * value, a header or a body.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionNames, functions, type FunctionName } from '../topology.js';

/** Steady-state requests per second across the API (stage default route throttling). */
export const apiRateLimitPerSecond = 500;
/** Requests the API absorbs in a burst above the steady rate. */
export const apiBurstLimit = 1000;
/** Access logs: a year (China's Cybersecurity Law asks for at least six months of network logs). */
export const accessLogRetention = RetentionDays.ONE_YEAR;

/**
 * Access log fields. `routeKey` is the route template (`GET /v1/ledgers/{year}/changes`), so
 * no path parameter or query string value is logged; nothing from the request's headers
 * (Authorization above all) or body is.
 */
export const accessLogFields: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  responseLength: '$context.responseLength',
  responseLatencyMs: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  errorMessage: '$context.error.message',
  errorResponseType: '$context.error.responseType',
};

export interface HubHttpApiProps {
  readonly key: IKey;
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
}

export class HubHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: HubHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'jx-ce-hub: platform webhooks, portal API (/v1), operators API (/ops)',
      createDefaultStage: false,
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Every route authenticates in its function before doing any work: the webhooks verify the platform HMAC signature (hnu: timestamp window; jxnu: timestamp window and single-use nonce), /v1 and /ops check a bearer key per consumer (PORTAL_API_KEYS, OPS_API_KEYS from Secrets Manager) in constant time. The one exception, GET /ops/console, serves a static page holding no data (its function has no key, table or queue): the page asks the operator for the ops key and calls the authenticated /ops routes with it. Platforms cannot send the IAM or JWT credentials an API Gateway authorizer would need, and a Lambda authorizer would only repeat the same check.',
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: accessLogRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: apiRateLimitPerSecond, burstLimit: apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    for (const name of functionNames) {
      const def = functions[name];
      if (def.routes.length === 0) continue;
      const integration = new HttpLambdaIntegration(`${name}Integration`, props.functions[name], {
        payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
      });
      for (const route of def.routes) {
        this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      }
    }
  }

  /** The API's base URL (the default stage serves the root). */
  get url(): string {
    return this.stage.url;
  }
}
