/** What one delivery did, for metrics and the operators' activity counters alike. */
export interface DeliveryCounts {
  /** Records in the delivery. */
  readonly received: number;
  /** Records durably enqueued. */
  readonly accepted: number;
  /** Records kept as failures. */
  readonly rejected: number;
  /** Accepted completions whose topic is not on the year's list (catalogue drift). */
  readonly otherTopic: number;
}
