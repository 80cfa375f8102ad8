/**
 * The stores and queues handlers pass into the domain, made once per process on first use
 * (nothing at module load: a cold start pays only for what its invocation needs). The
 * completion queue is in queue.ts: a function that sends nothing does not load the SQS package.
 */
import { createActivityStore } from '../../aws/activity-store.js';
import { createFailureStore } from '../../aws/failure-store.js';
import { createLedgerStore } from '../../aws/ledger-store.js';
import { createRecordIndex } from '../../aws/record-index.js';
import type { ActivityRecorder } from '../../shared/activity.js';
import type { FailureRecorder } from '../../shared/failures.js';
import type { RecordIndex } from '../../shared/ledger/ports.js';
import { defaultRuleBook, type RuleBook } from '../../shared/rules/year-rules.js';
import { personCrypto } from './person-crypto.js';
import { functionSetting } from './settings.js';

export const once = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
};

export const rules = (): RuleBook => defaultRuleBook;
export const ledgerStore = once(createLedgerStore);
export const recordIndex: () => RecordIndex = once(createRecordIndex);
export const activity: () => ActivityRecorder = once(() =>
  createActivityStore(functionSetting('HUB_ACTIVITY_FLUSH_SECONDS')),
);
export const failureStore = async (): Promise<FailureRecorder> => failureStoreOf(await personCrypto());
const failureStoreOf = (() => {
  let made: FailureRecorder | undefined;
  return (crypto: Awaited<ReturnType<typeof personCrypto>>): FailureRecorder => {
    made ??= createFailureStore(crypto);
    return made;
  };
})();
