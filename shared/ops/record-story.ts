/**
 * What each version of a platform record did, derived from every version the records index
 * holds and the ledgers they name (no write of the hot path records it): the newest version that
 * names a ledger decides the entry there; older ones are superseded, or moved away when a newer
 * version names another person or year; a withdrawal newer than that withdrew the entry; a
 * withdrawal of a record no completion has named yet waits for one. The same placement rule as
 * the ledger writer's (shared/ledger/placement.ts), read back for operators.
 */
import * as z from 'zod';
import { transcriptEntrySchema, transcriptEntryOf } from '../api/transcript.js';
import { entryKeyOf } from '../ledger/entry.js';
import type { Ledger } from '../ledger/ledger.js';
import { addressKey, placementOf, type LedgerAddress } from '../ledger/placement.js';
import type { IndexedVersionItem } from '../ledger/ports.js';
import { maskIdCard } from '../person/id-card.js';
import { personRefOf, type PersonKey } from '../person/person-key.js';

export const versionEffects = [
  'decides',
  'withdrew',
  'superseded',
  'moved-away',
  'awaiting-record',
  'not-yet-applied',
] as const;
export type VersionEffect = (typeof versionEffects)[number];

export const ledgerRefSchema = z
  .object({
    personRef: z.string().meta({ description: 'The opaque reference of the person the ledger belongs to' }),
    idCardNo: z.string().meta({ description: 'The last 4 characters only: `****002X`' }),
    year: z.number().int(),
  })
  .meta({ id: 'LedgerRef', description: "A person's ledger of one credit year, as an operator may see it" });
export type LedgerRef = z.infer<typeof ledgerRefSchema>;

export const recordVersionSchema = z
  .object({
    platform: z.string(),
    recordId: z.string(),
    kind: z.enum(['completion', 'withdrawal']),
    versionAt: z.string().meta({ description: "The platform's version time (UTC): newer wins" }),
    receivedAt: z.string().nullable().meta({
      description: 'When the hub last received this version; null for versions indexed before the hub kept it',
    }),
    ledger: ledgerRefSchema
      .nullable()
      .meta({ description: 'The ledger this version names; null for a withdrawal, which names none' }),
    effect: z.enum(versionEffects),
    explanation: z.string(),
  })
  .meta({ id: 'RecordVersion', description: 'One version the hub received of a platform record, and what it did' });
export type RecordVersionView = z.infer<typeof recordVersionSchema>;

export const storyEntrySchema = transcriptEntrySchema
  .extend({ ledger: ledgerRefSchema, versions: z.array(recordVersionSchema).meta({ description: 'Oldest first' }) })
  .meta({
    id: 'ExplainedEntry',
    description: 'A ledger entry, with its state and why, and every version of its record',
  });
export type StoryEntry = z.infer<typeof storyEntrySchema>;

export const removedRecordSchema = z
  .object({
    platform: z.string(),
    recordId: z.string(),
    ledger: ledgerRefSchema,
    cause: z.enum(['withdrawn', 'moved']).meta({
      description: '`withdrawn` before its completion arrived, or `moved` to another person or year by a correction',
    }),
    reason: z.string().nullable(),
    versions: z.array(recordVersionSchema),
  })
  .meta({ id: 'RemovedRecord', description: 'A record a ledger remembers but does not hold (a tombstone)' });
export type RemovedRecordView = z.infer<typeof removedRecordSchema>;

/** The ledgers a record's versions name, by addressKey. */
export type LedgersByAddress = ReadonlyMap<string, Ledger>;

export const ledgerRefOf = (address: LedgerAddress, idCardLast4: string | undefined): LedgerRef => ({
  personRef: personRefOf(address.personKey as PersonKey),
  idCardNo: idCardLast4 === undefined ? '****' : maskIdCard(idCardLast4),
  year: address.year,
});

const versionAtOf = (versionKey: string): string => versionKey.split('#')[0] ?? versionKey;

const effectOf = (
  version: IndexedVersionItem,
  versions: readonly IndexedVersionItem[],
  ledgers: LedgersByAddress,
  entryKey: string,
): [VersionEffect, string] => {
  const placement = placementOf(versions);
  if (!version.home) {
    if (!placement.home)
      return ['awaiting-record', 'withdraws a record no completion has named yet; kept for when one does'];
    if (placement.withdrawal?.versionKey === version.versionKey)
      return ['withdrew', `withdrew the record (${placement.withdrawal.reason}): its entry is revoked`];
    return ['superseded', 'superseded: a newer completion of the record came after this withdrawal'];
  }
  const home = placement.home;
  if (!home) return ['not-yet-applied', 'no place decided yet'];
  if (home.versionKey === version.versionKey) {
    const ledger = ledgers.get(addressKey(home.address));
    const entry = ledger?.entries[entryKey];
    if (!entry)
      return [
        'not-yet-applied',
        ledger?.tombstones[entryKey]
          ? `the ledger holds it as ${ledger.tombstones[entryKey]?.cause}`
          : 'not in the ledger yet (still on the queue, or its write failed)',
      ];
    return [
      'decides',
      `the newest version: it decides the entry in ${home.address.year}, now ${entry.state} (${entry.stateReason})`,
    ];
  }
  if (addressKey(version.home) !== addressKey(home.address)) {
    return [
      'moved-away',
      `a newer version moved the record to ${home.address.year === version.home.year ? 'another person' : `credit year ${home.address.year}`}; it no longer counts here`,
    ];
  }
  return ['superseded', `superseded by the newer version of ${versionAtOf(home.versionKey)}`];
};

/** Every version of one record, oldest first, with what each did. */
export const recordVersionsOf = (
  platform: string,
  recordId: string,
  versions: readonly IndexedVersionItem[],
  ledgers: LedgersByAddress,
): RecordVersionView[] => {
  const entryKey = entryKeyOf(platform, recordId);
  return [...versions]
    .sort((a, b) => (a.versionKey < b.versionKey ? -1 : a.versionKey > b.versionKey ? 1 : 0))
    .map((version) => {
      const [effect, explanation] = effectOf(version, versions, ledgers, entryKey);
      return {
        platform,
        recordId,
        kind: version.home ? 'completion' : 'withdrawal',
        versionAt: versionAtOf(version.versionKey),
        receivedAt: version.receivedAt ?? null,
        ledger: version.home ? ledgerRefOf(version.home, version.owner?.idCardLast4) : null,
        effect,
        explanation,
      };
    });
};

/** The ledger's entries and tombstones, each with its record's versions; `versionsOf` answers a record's index items by recordKey. */
export const explainLedger = (
  ledger: Ledger,
  versionsOf: (platform: string, recordId: string) => readonly IndexedVersionItem[],
  ledgers: LedgersByAddress,
): { entries: StoryEntry[]; removed: RemovedRecordView[] } => {
  const ref = ledgerRefOf(ledger, ledger.idCardLast4);
  const entries = Object.values(ledger.entries).map((entry) => ({
    ...transcriptEntryOf(entry),
    ledger: ref,
    versions: recordVersionsOf(entry.source, entry.recordId, versionsOf(entry.source, entry.recordId), ledgers),
  }));
  const removed = Object.entries(ledger.tombstones).map(([entryKey, tombstone]) => {
    const [platform = '', ...rest] = entryKey.split('#');
    const recordId = rest.join('#');
    return {
      platform,
      recordId,
      ledger: ref,
      cause: tombstone.cause,
      reason: tombstone.reason ?? null,
      versions: recordVersionsOf(platform, recordId, versionsOf(platform, recordId), ledgers),
    };
  });
  return {
    entries: entries.sort((a, b) => (a.completedAt < b.completedAt ? 1 : a.completedAt > b.completedAt ? -1 : 0)),
    removed,
  };
};
