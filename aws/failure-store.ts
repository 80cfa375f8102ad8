/** Failures in DynamoDB: the replay input sealed (AES-GCM, field level), the rest for listing. */
import type { PersonCrypto } from '../shared/person/person-key.js';
import { newFailureId, type FailureRecorder, type NewFailure, type ReplayInput } from '../shared/failures.js';
import { putAll } from './batch-write.js';
import { tableNameOf } from './clients.js';

export class FailureStoreError extends Error {
  override readonly name = 'FailureStoreError';
}

/**
 * The largest input kept whole on a failure: a DynamoDB item holds at most 400 KB, and the
 * sealed input grows by a third (base64). A larger input (a signed 1 MiB body that is not an
 * event) is kept as its head, so the failure is still stored and shown instead of the
 * delivery failing with a 500 that the platform would retry for a day.
 */
export const failureInputBytesMax = 256 * 1024;
/** Characters of an oversized input's JSON kept for operators. */
export const failureInputHeadChars = 16 * 1024;

export const storableInput = (input: ReplayInput): ReplayInput => {
  const text = JSON.stringify(input);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= failureInputBytesMax) return input;
  return {
    kind: 'none',
    payload: { truncated: true, originalKind: input.kind, bytes, head: text.slice(0, failureInputHeadChars) },
  };
};

export const failureItemOf = (failure: NewFailure, crypto: PersonCrypto, now: Date): Record<string, unknown> => {
  const failureId = newFailureId(now);
  const failedAt = now.toISOString();
  return {
    failureId,
    platform: failure.platform,
    stage: failure.stage,
    reasonCode: failure.reasonCode,
    message: failure.message,
    recordId: failure.recordId,
    personKey: failure.personKey,
    correlationId: failure.correlationId,
    failedAt,
    failedAtId: `${failedAt}#${failureId}`,
    status: 'open',
    replays: [],
    inputEnc: crypto.encrypt(JSON.stringify(storableInput(failure.input))),
  };
};

export const createFailureStore = (crypto: PersonCrypto, clock: () => Date = () => new Date()): FailureRecorder => {
  const table = tableNameOf('failures');
  return {
    record: async (failures) => {
      const items = failures.map((failure) => failureItemOf(failure, crypto, clock()));
      await putAll(table, items, (left) => new FailureStoreError(`${left} failures could not be stored`));
    },
  };
};
