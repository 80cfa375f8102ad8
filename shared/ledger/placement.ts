/**
 * Where a record belongs, decided from every version of it the hub has seen (the records
 * index). A correction may move a record to another person or year, and hnu withdraws by
 * record id alone; the index lets either find the entry.
 *
 * Concurrency: each consumer first writes its versions to the index (append-only, one item
 * per version, so writers never overwrite each other) and only then reads all versions of
 * the record with a strongly consistent query. Of two concurrent consumers handling two
 * versions of one record, at least the later reader sees both (each writes before it reads),
 * and the operations it derives (a tombstone where the record no longer belongs, a
 * withdrawal of the entry where it does) are idempotent and newest-wins inside the ledger.
 * So no interleaving counts a record twice or misses a withdrawal, without a transaction.
 */
import { entryKeyOf } from './entry.js';
import type { LedgerOperation } from './ledger.js';
import type { VersionKey } from './version-key.js';

export interface LedgerAddress {
  readonly personKey: string;
  readonly year: number;
}

export interface IndexedVersion {
  readonly versionKey: VersionKey;
  /** A completion version names where it belongs; a personless withdrawal does not. */
  readonly home?: LedgerAddress;
  readonly withdrawalReason?: string;
}

export interface Placement {
  /** The newest version that names a place, and that place. */
  readonly home?: { readonly address: LedgerAddress; readonly versionKey: VersionKey };
  /** A personless withdrawal newer than the home version. */
  readonly withdrawal?: { readonly versionKey: VersionKey; readonly reason: string };
  /** Places older versions named that the record must not count in. */
  readonly strays: readonly LedgerAddress[];
}

export const addressKey = (address: LedgerAddress): string => `${address.personKey}#${address.year}`;

export const placementOf = (versions: readonly IndexedVersion[]): Placement => {
  const sorted = [...versions].sort((a, b) => (a.versionKey < b.versionKey ? -1 : a.versionKey > b.versionKey ? 1 : 0));
  let home: Placement['home'];
  let withdrawal: Placement['withdrawal'];
  for (const version of sorted) {
    if (version.home) home = { address: version.home, versionKey: version.versionKey };
    else withdrawal = { versionKey: version.versionKey, reason: version.withdrawalReason ?? 'withdrawn' };
  }
  const newestWithdrawal = withdrawal && (!home || withdrawal.versionKey > home.versionKey) ? withdrawal : undefined;
  const homeKey = home ? addressKey(home.address) : undefined;
  const strays = new Map<string, LedgerAddress>();
  for (const version of sorted) {
    if (version.home && addressKey(version.home) !== homeKey) strays.set(addressKey(version.home), version.home);
  }
  return { home, withdrawal: newestWithdrawal, strays: [...strays.values()] };
};

/** The ledger operations that bring every place in line with the placement, for one record. */
export const placementOperations = (
  source: string,
  recordId: string,
  placement: Placement,
): Array<{ address: LedgerAddress; operation: LedgerOperation }> => {
  const entryKey = entryKeyOf(source, recordId);
  const operations: Array<{ address: LedgerAddress; operation: LedgerOperation }> = [];
  if (!placement.home) return operations;
  for (const stray of placement.strays) {
    operations.push({
      address: stray,
      operation: { kind: 'move-out', entryKey, versionKey: placement.home.versionKey },
    });
  }
  if (placement.withdrawal) {
    operations.push({
      address: placement.home.address,
      operation: {
        kind: 'withdraw',
        entryKey,
        versionKey: placement.withdrawal.versionKey,
        reason: placement.withdrawal.reason,
      },
    });
  }
  return operations;
};
