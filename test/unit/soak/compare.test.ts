import { describe, expect, it } from 'vitest';
import { compareLedgers, type OracleLedger } from '../../../scripts/soak/compare.js';
import type { Ledger } from '../../../shared/ledger/ledger.js';
import { processVersions } from '../../../shared/ledger/process-versions.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { completionOf, idCardNoOf, personOf } from '../../support/completions.js';
import { MemoryIndex, MemoryLedgers } from '../../support/memory-ports.js';

const rules = defaultRuleBook;
const alice = personOf(idCardNoOf(1));
const bob = personOf(idCardNoOf(2));

/** Two records of one course for alice (A counts, B is a repeat) and one for bob. */
const pipelineLedgers = async (): Promise<Ledger[]> => {
  const ledgers = new MemoryLedgers();
  const versions = [
    completionOf({
      recordId: 'A',
      person: alice,
      course: { code: 'C1', title: '' },
      hundredths: 600,
      completedAt: '2024-03-01T00:00:00.000Z',
    }),
    completionOf({
      recordId: 'B',
      person: alice,
      course: { code: 'C1', title: '' },
      hundredths: 600,
      completedAt: '2024-04-01T00:00:00.000Z',
    }),
    completionOf({
      recordId: 'C',
      person: bob,
      course: { code: 'C2', title: '' },
      hundredths: 250,
      category: 'public',
    }),
  ];
  await processVersions(
    versions.map((version) => ({ messageId: version.recordId, version, firstDelivery: true })),
    { ledgers, index: new MemoryIndex(), rules },
  );
  return [...ledgers.items.values()];
};

const oracle = (): OracleLedger[] => [
  {
    personKey: alice.personKey,
    year: 2024,
    entries: [
      { platform: 'hnu', recordId: 'A', state: 'counted', hundredths: 600 },
      { platform: 'hnu', recordId: 'B', state: 'repeat', hundredths: 600 },
    ],
    totals: { publicHundredths: 0, professionalHundredths: 600, totalHundredths: 600, entries: 1 },
  },
  {
    personKey: bob.personKey,
    year: 2024,
    entries: [{ platform: 'hnu', recordId: 'C', state: 'counted', hundredths: 250 }],
    totals: { publicHundredths: 250, professionalHundredths: 0, totalHundredths: 250, entries: 1 },
  },
];

describe('the soak verdict', () => {
  it('is all zeros when the hub holds exactly what the oracle says', async () => {
    const verdict = compareLedgers(oracle(), await pipelineLedgers(), rules);
    expect(verdict).toMatchObject({
      lost: 0,
      doubleCounted: 0,
      ledgerDrift: 0,
      unexplained: 0,
      ledgersExpected: 2,
      ledgersFound: 2,
      recordsCounted: 2,
    });
  });

  it('counts a record the oracle counts and the hub does not as lost, and the totals as drift', async () => {
    const ledgers = await pipelineLedgers();
    const verdict = compareLedgers(
      oracle(),
      ledgers.filter((ledger) => ledger.personKey !== bob.personKey),
      rules,
    );
    expect(verdict).toMatchObject({ lost: 1, doubleCounted: 0, ledgerDrift: 1, unexplained: 0 });
    expect(verdict.examples.find((e) => e.figure === 'lost')?.where).toContain('hnu#C');
  });

  it('counts a repeat the hub counts as double-counted', async () => {
    const expected = oracle();
    const ledgers = await pipelineLedgers();
    const aliceLedger = ledgers.find((ledger) => ledger.personKey === alice.personKey)!;
    // The oracle says B is the one that counts: the hub counting A instead is one lost and one double-counted.
    const swapped: OracleLedger = {
      ...expected[0]!,
      entries: [
        { platform: 'hnu', recordId: 'A', state: 'repeat', hundredths: 600 },
        { platform: 'hnu', recordId: 'B', state: 'counted', hundredths: 600 },
      ],
    };
    const verdict = compareLedgers(
      [swapped, expected[1]!],
      [aliceLedger, ...ledgers.filter((l) => l !== aliceLedger)],
      rules,
    );
    expect(verdict).toMatchObject({ lost: 1, doubleCounted: 1, ledgerDrift: 0 });
  });

  it('counts a record counted in a ledger the oracle does not have as double-counted', async () => {
    const ledgers = await pipelineLedgers();
    const bobs = ledgers.find((ledger) => ledger.personKey === bob.personKey)!;
    const elsewhere: Ledger = { ...bobs, year: 2025 };
    const verdict = compareLedgers(oracle(), [...ledgers, elsewhere], rules);
    expect(verdict.doubleCounted).toBe(1);
    expect(verdict.examples.find((e) => e.figure === 'double-counted')?.what).toContain(`${bob.personKey}#2024`);
  });

  it('counts stored totals that differ from the entries as drift, even when the oracle has no ledger to compare', async () => {
    const ledgers = await pipelineLedgers();
    const tampered = ledgers.map((ledger) =>
      ledger.personKey === bob.personKey ? { ...ledger, summary: { ...ledger.summary, totalHundredths: 1 } } : ledger,
    );
    expect(compareLedgers(oracle(), tampered, rules).ledgerDrift).toBe(2); // against the oracle, and against its own entries
  });

  it('counts a state the oracle does not give, and hours that differ, as unexplained', async () => {
    const expected = oracle();
    const changed: OracleLedger = {
      ...expected[0]!,
      entries: [expected[0]!.entries[0]!, { platform: 'hnu', recordId: 'B', state: 'not-passed', hundredths: 600 }],
    };
    const hours: OracleLedger = {
      ...expected[1]!,
      entries: [{ platform: 'hnu', recordId: 'C', state: 'counted', hundredths: 300 }],
    };
    const verdict = compareLedgers([changed, hours], await pipelineLedgers(), rules);
    expect(verdict.unexplained).toBe(2);
    expect(verdict.examples.map((e) => e.where).join(' ')).not.toContain(idCardNoOf(1));
  });
});
