import { describe, expect, it } from 'vitest';
import { emptyLedger, entryFactsOf, type Ledger } from '../../../shared/ledger/ledger.js';
import type { LedgerAddress } from '../../../shared/ledger/placement.js';
import {
  LedgerConflictError,
  ledgerWriteAttemptsMax,
  updateLedgers,
  type LedgerJob,
} from '../../../shared/ledger/update-ledgers.js';
import { versionKeyOf } from '../../../shared/ledger/version-key.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { completionOf, idCardNoOf, personOf } from '../../support/completions.js';
import { MemoryLedgers } from '../../support/memory-ports.js';

const rulesOf = (year: number) => defaultRuleBook.get(year)!;

/** One job a person: put one 6-学时 completion into their 2024 ledger. */
const jobOf = (n: number): LedgerJob => {
  const completion = completionOf({ recordId: `R${n}`, person: personOf(idCardNoOf(n)) });
  const { personKey, idCardEnc, idCardLast4 } = completion.person;
  return {
    address: { personKey, year: 2024 },
    owner: { personKey, year: 2024, idCardEnc, idCardLast4 },
    operations: [{ kind: 'put', entry: entryFactsOf(completion, versionKeyOf(completion)) }],
  };
};

/**
 * The memory ledgers, except that a write whose ledger `conflictsFor` picks meets a concurrent
 * writer first: the stored ledger's version moves on (as another batch's write would) and the
 * write answers conflict. Counts the reads and how many addresses each read asked for.
 */
const contendedLedgers = (conflictsFor: (address: LedgerAddress, tries: number) => boolean) => {
  const inner = new MemoryLedgers();
  const triesOf = new Map<string, number>();
  const reads: number[] = [];
  const store = {
    items: inner.items,
    reads,
    getMany: (addresses: readonly LedgerAddress[]) => {
      reads.push(addresses.length);
      return inner.getMany(addresses);
    },
    writeIfVersion: async (ledger: Ledger, expected: number): Promise<'written' | 'conflict'> => {
      const key = `${ledger.personKey}#${ledger.year}`;
      const tries = (triesOf.get(key) ?? 0) + 1;
      triesOf.set(key, tries);
      if (!conflictsFor(ledger, tries)) return inner.writeIfVersion(ledger, expected);
      // Another batch's write lands first: the same ledger one version on, with nothing of ours.
      const { personKey, year, idCardEnc, idCardLast4 } = ledger;
      const stored = inner.items.get(key) ?? emptyLedger({ personKey, year, idCardEnc, idCardLast4 }, rulesOf(year));
      inner.items.set(key, { ...stored, version: expected + 1 });
      return 'conflict';
    },
  };
  return store;
};

describe('updating ledgers with optimistic concurrency', () => {
  it('writes each ledger once and reads them all in one batch when nothing conflicts', async () => {
    const store = contendedLedgers(() => false);
    const settled = await updateLedgers(store, [1, 2, 3].map(jobOf), defaultRuleBook);
    expect(settled.map((s) => s.ok && s.result.written)).toEqual([true, true, true]);
    expect(store.reads).toEqual([3]);
  });

  it('reads the ledgers that met a conflict again together, one read a round, and applies on the newer version', async () => {
    // Jobs 1, 3 and 5 conflict on their first try, job 5 on its second too.
    const jobs = [1, 2, 3, 4, 5].map(jobOf);
    const contended = new Map([jobs[0], jobs[2], jobs[4]].map((j, i) => [j!.address.personKey, i === 2 ? 2 : 1]));
    const store = contendedLedgers((address, tries) => tries <= (contended.get(address.personKey) ?? 0));
    const settled = await updateLedgers(store, jobs, defaultRuleBook);
    expect(store.reads).toEqual([5, 3, 1]);
    expect(settled.map((s) => s.ok && s.result.attempts)).toEqual([2, 1, 2, 1, 3]);
    for (const [i, s] of settled.entries()) {
      expect(s.ok && s.result.written).toBe(true);
      // Written over the concurrent writer's version: one more than what it found.
      const found = contended.get(jobs[i]!.address.personKey) ?? 0;
      expect(s.ok && s.result.version).toBe(found + 1);
      expect(store.items.get(`${jobs[i]!.address.personKey}#2024`)?.summary.totalHundredths).toBe(600);
    }
  });

  it('fails only a ledger still conflicting after the last attempt, naming it, and writes the others', async () => {
    const jobs = [1, 2].map(jobOf);
    const loser = jobs[1]!.address.personKey;
    const store = contendedLedgers((address) => address.personKey === loser);
    const [first, second] = await updateLedgers(store, jobs, defaultRuleBook);
    expect(first?.ok && first.result.written).toBe(true);
    expect(second?.ok).toBe(false);
    const error = !second?.ok ? (second?.error as Error) : undefined;
    expect(error).toBeInstanceOf(LedgerConflictError);
    expect(error?.message).toContain(`${loser}/2024`);
    expect(store.reads).toHaveLength(ledgerWriteAttemptsMax);
  });

  it('lands a ledger that conflicts on every attempt but the last, and fails one that conflicts on the last too', async () => {
    const jobs = [1, 2].map(jobOf);
    const conflictsOf = new Map([
      [jobs[0]!.address.personKey, ledgerWriteAttemptsMax - 1],
      [jobs[1]!.address.personKey, ledgerWriteAttemptsMax],
    ]);
    const store = contendedLedgers((address, tries) => tries <= (conflictsOf.get(address.personKey) ?? 0));
    const [atLimit, pastLimit] = await updateLedgers(store, jobs, defaultRuleBook);
    expect(atLimit?.ok && atLimit.result.attempts).toBe(ledgerWriteAttemptsMax);
    expect(atLimit?.ok && atLimit.result.written).toBe(true);
    expect(!pastLimit?.ok && pastLimit?.error).toBeInstanceOf(LedgerConflictError);
  });

  it('fails the conflicted ledgers with the read error when reading them again fails, and keeps the written ones', async () => {
    const jobs = [1, 2, 3].map(jobOf);
    const contended = jobs[0]!.address.personKey;
    const store = contendedLedgers((address) => address.personKey === contended);
    const readError = new Error('throttled');
    const failingRereads = {
      ...store,
      getMany: (addresses: readonly LedgerAddress[]) =>
        store.reads.length > 0 ? Promise.reject(readError) : store.getMany(addresses),
    };
    const settled = await updateLedgers(failingRereads, jobs, defaultRuleBook);
    expect(settled.map((s) => s.ok)).toEqual([false, true, true]);
    expect(!settled[0]!.ok && settled[0]!.error).toBe(readError);
  });

  it('answers nothing and reads nothing for no jobs', async () => {
    const store = contendedLedgers(() => false);
    expect(await updateLedgers(store, [], defaultRuleBook)).toEqual([]);
    expect(store.reads).toEqual([]);
  });
});
