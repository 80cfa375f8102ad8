/**
 * The ledger's stored form (aws/ledger-store.ts): entries and tombstones as one deflated JSON
 * attribute `body`, everything else plain. A ledger survives the trip unchanged, an item in the
 * older form (entries and tombstones as maps) still reads, a body it cannot read is an error
 * naming the ledger, and the change feed's attributes stay where its index projects them.
 */
import { describe, expect, it } from 'vitest';
import { itemOfLedger, ledgerBodyFormat, ledgerFromItem, StoredLedgerError } from '../../../aws/ledger-store.js';
import { ledgerSizes, ledgerWith } from '../../../scripts/capacity/item-sizes.js';

describe('ledger items', () => {
  it('round-trips a ledger with entries and tombstones', () => {
    const ledger = ledgerWith(12);
    const withTombstone = {
      ...ledger,
      tombstones: {
        'hnu#GONE-1': { versionKey: '2024-03-01T00:00:00.000Z#x', cause: 'withdrawn' as const, reason: '作废' },
      },
    };
    expect(ledgerFromItem(itemOfLedger(withTombstone))).toEqual(withTombstone);
  });

  it('keeps the summary, owner, version and the feed keys as plain attributes and the entries in the body', () => {
    const item = itemOfLedger(ledgerWith(3));
    expect(Object.keys(item).sort()).toEqual([
      'body',
      'feedPartition',
      'feedPosition',
      'idCardEnc',
      'idCardLast4',
      'personKey',
      'summary',
      'updatedAt',
      'version',
      'year',
    ]);
    expect((item.body as Uint8Array)[0]).toBe(ledgerBodyFormat);
    expect(item.summary).toEqual(ledgerWith(3).summary);
  });

  it('still reads an item written with entries and tombstones as maps', () => {
    const ledger = ledgerWith(4);
    const { body: _body, ...plain } = itemOfLedger(ledger);
    expect(ledgerFromItem({ ...plain, entries: ledger.entries, tombstones: ledger.tombstones })).toEqual(ledger);
  });

  it('refuses a body of another format or one that does not inflate, naming the ledger', () => {
    const item = itemOfLedger(ledgerWith(1));
    const other = Uint8Array.from(item.body as Uint8Array);
    other[0] = 9;
    expect(() => ledgerFromItem({ ...item, body: other })).toThrow(StoredLedgerError);
    expect(() => ledgerFromItem({ ...item, body: Uint8Array.from([ledgerBodyFormat, 1, 2, 3]) })).toThrow(
      /does not decode/,
    );
  });

  it('makes a 40-entry ledger a few kilobytes (about a fifth of the plain form)', () => {
    const sizes = ledgerSizes(40);
    expect(sizes.itemBytes).toBeLessThan(4096);
    expect(sizes.itemBytes * 4).toBeLessThan(sizes.plainItemBytes);
  });
});
