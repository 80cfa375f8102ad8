/** What the ledger needs from storage; implemented over DynamoDB in aws/, passed in by handlers. */
import type { Ledger } from './ledger.js';
import type { IndexedVersion, LedgerAddress } from './placement.js';
import type { VersionKey } from './version-key.js';

export interface LedgerReader {
  /** Strongly consistent reads, validated after reading; absent ledgers are missing from the map. */
  getMany(addresses: readonly LedgerAddress[]): Promise<Map<string, Ledger>>;
}

export interface LedgerWriter extends LedgerReader {
  /** Writes only if the stored version is still `expectedVersion` (0: the ledger must not exist yet). */
  writeIfVersion(ledger: Ledger, expectedVersion: number): Promise<'written' | 'conflict'>;
}

export interface IndexedVersionItem extends IndexedVersion {
  readonly recordKey: string;
  /** Who the home ledger belongs to, so a tombstone can open a ledger not created yet. */
  readonly owner?: { readonly idCardEnc: string; readonly idCardLast4: string };
  /** When the hub (last) received the version: what the operators' record story shows. */
  readonly receivedAt?: string;
}

export interface RecordIndex {
  /** Appends versions (idempotent: the same version written twice is one item). */
  putVersions(items: readonly IndexedVersionItem[]): Promise<void>;
  /** Every version of each record, read strongly consistent after our own writes. */
  versionsOf(recordKeys: readonly string[]): Promise<Map<string, IndexedVersionItem[]>>;
}

export type { LedgerAddress, VersionKey };
