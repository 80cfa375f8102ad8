/**
 * The hub's one customer-managed KMS key (rotation on): tables, queues, secrets, the alarm
 * topic and log groups are all encrypted with it. The key policy lets the two services that
 * encrypt on the hub's behalf use it: CloudWatch Logs (only for this account's log groups in
 * this region) and CloudWatch alarms (publishing to the encrypted alarm topic).
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Days KMS waits before deleting a key scheduled for deletion (the maximum: a deleted key loses every table). */
export const keyDeletionWindowDays = 30;

/** What a construct encrypting with the hub's key is given. */
export interface HubKeyProps {
  readonly key: IKey;
}

export class HubKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'jx-ce-hub: tables, queues, secrets, alarm topic and logs',
      enableKeyRotation: true,
      pendingWindow: Duration.days(keyDeletionWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudWatch Logs' regional principal; `${AWS::URLSuffix}` keeps it right in China
    // (logs.cn-north-1.amazonaws.com.cn) as well as elsewhere.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsEncryptHubLogGroups',
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );

    // CloudWatch alarms publish to the KMS-encrypted alarm topic.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
  }
}
