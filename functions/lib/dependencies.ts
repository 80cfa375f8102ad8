/**
 * The stores handlers pass into the domain, each made on first use and kept (once.ts). The
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
import { once } from './once.js';
import { functionSetting } from './settings.js';

export const rules = (): RuleBook => defaultRuleBook;
export const ledgerStore = once(createLedgerStore);
export const recordIndex: () => RecordIndex = once(createRecordIndex);
export const activity: () => ActivityRecorder = once(() =>
  createActivityStore(functionSetting('HUB_ACTIVITY_FLUSH_SECONDS')),
);
export const failureStore: () => Promise<FailureRecorder> = once(async () => createFailureStore(await personCrypto()));
