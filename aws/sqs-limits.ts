/**
 * SQS's limit of messages per call: SendMessageBatch, ReceiveMessage, DeleteMessageBatch and
 * ChangeMessageVisibilityBatch all take at most ten. One constant for every layer that sends,
 * peeks, receives or settles in batches.
 */
export const sqsMessagesPerCallMax = 10;
