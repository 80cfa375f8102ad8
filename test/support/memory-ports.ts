/**
 * In-memory implementations of the ledger's own storage ports (shared/ledger/ports.ts) for
 * millisecond domain tests. They keep the contract that matters (conditional writes on the
 * version, append-only index) and can pause between steps to force interleavings. The
 * DynamoDB implementations are tested against DynamoDB Local in test/integration.
 */
import { ledgerSchema, type Ledger } from '../../shared/ledger/ledger.js';
import { addressKey, type LedgerAddress } from '../../shared/ledger/placement.js';
import type { IndexedVersionItem, LedgerWriter, RecordIndex } from '../../shared/ledger/ports.js';

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class MemoryLedgers implements LedgerWriter {
  readonly items = new Map<string, Ledger>();
  writes = 0;
  conflicts = 0;
  async getMany(addresses: readonly LedgerAddress[]): Promise<Map<string, Ledger>> {
    await tick();
    const found = new Map<string, Ledger>();
    for (const address of addresses) {
      const item = this.items.get(addressKey(address));
      if (item) found.set(addressKey(address), structuredClone(item));
    }
    return found;
  }
  async writeIfVersion(ledger: Ledger, expectedVersion: number): Promise<'written' | 'conflict'> {
    await tick();
    ledgerSchema.parse(ledger);
    const current = this.items.get(addressKey(ledger));
    if ((current?.version ?? 0) !== expectedVersion) {
      this.conflicts += 1;
      return 'conflict';
    }
    this.items.set(addressKey(ledger), structuredClone(ledger));
    this.writes += 1;
    return 'written';
  }
}

export class MemoryIndex implements RecordIndex {
  readonly items = new Map<string, Map<string, IndexedVersionItem>>();
  async putVersions(items: readonly IndexedVersionItem[]): Promise<void> {
    await tick();
    for (const item of items) {
      const versions = this.items.get(item.recordKey) ?? new Map<string, IndexedVersionItem>();
      versions.set(item.versionKey, item);
      this.items.set(item.recordKey, versions);
    }
  }
  async versionsOf(recordKeys: readonly string[]): Promise<Map<string, IndexedVersionItem[]>> {
    await tick();
    return new Map(recordKeys.map((key) => [key, [...(this.items.get(key)?.values() ?? [])]]));
  }
}
