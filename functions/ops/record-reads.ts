/**
 * What both lookups read around a set of ledgers: every version of their records (the records
 * index), the other ledgers those versions name (a record moved by a correction), and the
 * failures asked for, opened and masked. Then each ledger explained (shared/ops/record-story.ts).
 */
import { entryKeyOf } from '../../shared/ledger/entry.js';
import type { Ledger } from '../../shared/ledger/ledger.js';
import { addressKey, type LedgerAddress } from '../../shared/ledger/placement.js';
import type { IndexedVersionItem } from '../../shared/ledger/ports.js';
import { failureViewOf, type FailureView } from '../../shared/ops/failure-view.js';
import {
  explainLedger,
  type LedgersByAddress,
  type RemovedRecordView,
  type StoryEntry,
} from '../../shared/ops/record-story.js';
import { ledgerStore, recordIndex } from '../lib/dependencies.js';
import { logger } from '../lib/observability.js';
import { personCrypto } from '../lib/person-crypto.js';
import { failureAdmin } from './stores.js';

export interface RecordReads {
  readonly versions: ReadonlyMap<string, IndexedVersionItem[]>;
  readonly ledgers: LedgersByAddress;
  versionsOf(platform: string, recordId: string): readonly IndexedVersionItem[];
  explain(ledger: Ledger): { entries: StoryEntry[]; removed: RemovedRecordView[] };
}

/** An entry key (`platform#recordId`) is also its record's key in the records index. */
const recordKeysOf = (ledger: Ledger): string[] => [
  ...Object.values(ledger.entries).map((entry) => entryKeyOf(entry.source, entry.recordId)),
  ...Object.keys(ledger.tombstones),
];

/** Versions of the records (`platform#recordId`) and of those the ledgers hold; every ledger any of them names. */
export const readRecords = async (
  known: readonly Ledger[],
  extraRecordKeys: readonly string[] = [],
): Promise<RecordReads> => {
  const recordKeys = [...new Set([...known.flatMap(recordKeysOf), ...extraRecordKeys])];
  const versions =
    recordKeys.length > 0 ? await recordIndex().versionsOf(recordKeys) : new Map<string, IndexedVersionItem[]>();
  const ledgers = new Map<string, Ledger>(known.map((ledger) => [addressKey(ledger), ledger]));
  const named = new Map<string, LedgerAddress>();
  for (const item of [...versions.values()].flat())
    if (item.home && !ledgers.has(addressKey(item.home))) named.set(addressKey(item.home), item.home);
  if (named.size > 0)
    for (const [key, ledger] of await ledgerStore().getMany([...named.values()])) ledgers.set(key, ledger);
  const versionsOf = (platform: string, recordId: string) => versions.get(entryKeyOf(platform, recordId)) ?? [];
  return { versions, ledgers, versionsOf, explain: (ledger) => explainLedger(ledger, versionsOf, ledgers) };
};

/** The failures of these ids, newest first, opened and masked. */
export const failureViewsOf = async (ids: readonly string[]): Promise<FailureView[]> => {
  if (ids.length === 0) return [];
  const crypto = await personCrypto();
  const views = (await failureAdmin().getMany(ids)).map((failure) => failureViewOf(failure, crypto.decrypt));
  const unopened = views.filter((view) => view.input === null);
  if (unopened.length > 0) logger.error('failure payloads that do not open', { failureIds: unopened.map((f) => f.id) });
  return views;
};
