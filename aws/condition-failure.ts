/**
 * DynamoDB refused a conditional write because its condition did not hold: to the caller an
 * answer (a replay, a conflict, a lease lost, a chunk already counted), not a failure. Known by
 * its name, which every copy of the SDK gives it (instanceof holds only for the one imported).
 */
export const isConditionFailure = (error: unknown): boolean =>
  (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
