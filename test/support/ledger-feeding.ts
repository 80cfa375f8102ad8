/**
 * Feeds ledgers in integration tests straight through the ledger domain and the real
 * DynamoDB stores (aws/), as the ledger writer does, without going through a webhook.
 * The hub must have been started (it sets the endpoints and table names in process.env).
 */
import { randomUUID } from 'node:crypto';
import { createLedgerStore } from '../../aws/ledger-store.js';
import { createRecordIndex } from '../../aws/record-index.js';
import type { CompletionVersion } from '../../shared/completion.js';
import type { LedgerWriter } from '../../shared/ledger/ports.js';
import { processVersions, type VersionOutcome } from '../../shared/ledger/process-versions.js';
import { defaultRuleBook } from '../../shared/rules/year-rules.js';
import { sleep } from '../../shared/sleep.js';

/** The secret the builders in completions.ts key and seal people with: start the hub with it. */
export const testPersonKeySecret = 'test-person-key-secret-0123456789';

export interface FeedingOptions {
  /**
   * Waits up to this long between stamping a ledger's updatedAt and its conditional write,
   * as a slow writer would: the feed's settle window must cover it.
   */
  readonly writeDelayMsMax?: number;
}

export const feedVersions = async (
  versions: readonly CompletionVersion[],
  options: FeedingOptions = {},
): Promise<VersionOutcome[]> => {
  const store = createLedgerStore();
  const delayMax = options.writeDelayMsMax ?? 0;
  const ledgers: LedgerWriter = {
    getMany: store.getMany,
    writeIfVersion: async (ledger, expectedVersion) => {
      if (delayMax > 0) await sleep(Math.random() * delayMax);
      return store.writeIfVersion(ledger, expectedVersion);
    },
  };
  const outcomes = await processVersions(
    versions.map((version) => ({ messageId: randomUUID(), version, firstDelivery: true })),
    { ledgers, index: createRecordIndex(), rules: defaultRuleBook },
  );
  const failed = outcomes.filter((o) => o.status === 'error');
  if (failed.length > 0)
    throw new Error(`feeding failed: ${failed.map((o) => String((o as { error: unknown }).error)).join('; ')}`);
  return outcomes;
};
