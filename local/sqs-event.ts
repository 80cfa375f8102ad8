/**
 * The Lambda SQS event source's side of a handler call: a received message as the record it
 * puts in an SQSEvent, and the handler's ReportBatchItemFailures answer as it reads it.
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { localRegion } from './aws-local.js';

const base64 = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('base64');

const messageAttribute = (value: MessageAttributeValue): SQSMessageAttribute => ({
  ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
  ...(value.BinaryValue !== undefined ? { binaryValue: base64(value.BinaryValue) } : {}),
  stringListValues: value.StringListValues ?? [],
  binaryListValues: (value.BinaryListValues ?? []).map((bytes) => base64(bytes) ?? ''),
  dataType: value.DataType ?? 'String',
});

export const toSqsRecord = (message: Message, queueArn: string): SQSRecord => {
  const attributes = (message.Attributes ?? {}) as Record<string, string>;
  const recordAttributes: SQSRecordAttributes = {
    ...attributes,
    ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
    SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
    SenderId: attributes.SenderId ?? '',
    ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  };
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: recordAttributes,
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, messageAttribute(value)]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes !== undefined ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: localRegion,
  };
};

/** The messages of a batch that failed, and why the whole batch did when it did. */
export type BatchOutcome = { readonly failed: ReadonlySet<string>; readonly note?: string };

/** Which messages failed, read as Lambda reads a ReportBatchItemFailures response. */
export const batchOutcomeOf = (result: unknown, messageIds: ReadonlySet<string>): BatchOutcome => {
  const failures = (result as Partial<SQSBatchResponse> | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return { failed: new Set() };
  if (!Array.isArray(failures))
    return { failed: messageIds, note: 'batchItemFailures is not a list: the whole batch failed' };
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    // Lambda treats an empty or unknown identifier as a failure of the whole batch.
    if (typeof id !== 'string' || !messageIds.has(id))
      return { failed: messageIds, note: `unknown itemIdentifier ${JSON.stringify(id)}: the whole batch failed` };
    failed.add(id);
  }
  return { failed };
};
