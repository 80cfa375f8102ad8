/**
 * One SQS queue per topology queue, each with its dead-letter queue. Both are encrypted with
 * the hub key and refuse any request not made over TLS (enforceSSL: a policy denying
 * aws:SecureTransport false).
 */
import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queueNames, queues, type QueueName } from '../topology.js';
import { byNameOf } from './by-name.js';
import type { HubKeyProps } from './hub-key.js';

/** How long SQS reuses a data key before asking KMS again (fewer KMS calls, same protection). */
export const dataKeyReuseMinutes = 5;

export interface HubQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

export class HubQueues extends Construct {
  readonly byName: Readonly<Record<QueueName, HubQueue>>;

  constructor(scope: Construct, id: string, props: HubKeyProps) {
    super(scope, id);
    const encrypted = {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      dataKeyReuse: Duration.minutes(dataKeyReuseMinutes),
      enforceSSL: true,
    } as const;
    this.byName = byNameOf(queueNames, (name): HubQueue => {
      const def = queues[name];
      const deadLetterQueue = new Queue(this, `${name}-dlq`, {
        ...encrypted,
        retentionPeriod: Duration.days(def.deadLetter.retentionDays),
      });
      const queue = new Queue(this, name, {
        ...encrypted,
        visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(def.retentionDays),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: def.deadLetter.maxReceiveCount },
      });
      return { queue, deadLetterQueue };
    });
  }
}
