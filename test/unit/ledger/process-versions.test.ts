import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompletionVersion } from '../../../shared/completion.js';
import { processVersions, type IncomingVersion } from '../../../shared/ledger/process-versions.js';
import { auditLedger } from '../../../shared/ledger/audit.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { completionOf, idCardNoOf, laterBy, personOf, withdrawalOf } from '../../support/completions.js';
import { MemoryIndex, MemoryLedgers } from '../../support/memory-ports.js';

const rules = defaultRuleBook;
const incoming = (
  version: CompletionVersion,
  messageId = version.correlationId,
  firstDelivery = true,
): IncomingVersion => ({ messageId, version, firstDelivery });
const storage = () => ({ ledgers: new MemoryLedgers(), index: new MemoryIndex(), rules });
type Storage = ReturnType<typeof storage>;

/** Hundredths counted anywhere for a record: must be 0 or its newest hours, never more. */
const countedFor = (ports: Storage, recordId: string): number => {
  let total = 0;
  for (const ledger of ports.ledgers.items.values()) {
    for (const entry of Object.values(ledger.entries))
      if (entry.recordId === recordId && entry.state === 'counted') total += entry.hundredths;
  }
  return total;
};

const totalCounted = (ports: Storage): number =>
  [...ports.ledgers.items.values()].reduce((sum, l) => sum + l.summary.totalHundredths, 0);
const totalByYear = (ports: Storage): Map<number, number> =>
  new Map([...ports.ledgers.items.values()].map((l) => [l.year, l.summary.totalHundredths]));

/** A 2024 completion and its correction into 2025 a minute later (the record moves to another year's ledger). */
const yearMoveOf = (recordId: string) => {
  const original = completionOf({ recordId, creditYear: 2024 });
  const moved = {
    ...original,
    versionAt: laterBy(original.versionAt, 60),
    creditYear: 2025,
    completedAt: '2025-01-01T01:00:00.000Z',
  };
  return { original, moved };
};

/** The same ledgers, except that a write of a ledger `failsFor` picks throws, as a throttled table does. */
const ledgersFailingFor = (ports: Storage, failsFor: (ledger: { personKey: string; year: number }) => boolean) =>
  Object.assign(Object.create(ports.ledgers) as MemoryLedgers, {
    writeIfVersion: async (ledger: Parameters<MemoryLedgers['writeIfVersion']>[0], expected: number) => {
      if (failsFor(ledger)) throw new Error('throttled');
      return ports.ledgers.writeIfVersion(ledger, expected);
    },
  });

describe('processing a batch of versions', () => {
  it('applies a batch once and answers duplicate for a redelivery', async () => {
    const ports = storage();
    const version = completionOf({ recordId: 'R1' });
    expect((await processVersions([incoming(version)], ports))[0]?.status).toBe('applied');
    expect((await processVersions([incoming(version)], ports))[0]?.status).toBe('duplicate');
    expect((await processVersions([incoming(version, 'again', false)], ports))[0]?.status).toBe('duplicate');
    expect(totalCounted(ports)).toBe(600);
  });

  it('writes one ledger once for many versions of one person in a batch', async () => {
    const ports = storage();
    const versions = Array.from({ length: 20 }, (_, i) =>
      completionOf({ recordId: `R${i}`, course: { code: `C${i}`, title: '' } }),
    );
    const outcomes = await processVersions(
      versions.map((v) => incoming(v)),
      ports,
    );
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(ports.ledgers.writes).toBe(1);
    expect(totalCounted(ports)).toBe(12_000);
  });

  it('lets an hnu withdrawal that arrives before its completion withdraw it', async () => {
    const ports = storage();
    const completion = completionOf({ recordId: 'R1' });
    const withdrawal = withdrawalOf({ recordId: 'R1', versionAt: laterBy(completion.versionAt, 60) });
    expect((await processVersions([incoming(withdrawal)], ports))[0]?.status).toBe('awaiting-record');
    expect((await processVersions([incoming(completion)], ports))[0]?.status).toBe('applied');
    expect(countedFor(ports, 'R1')).toBe(0);
    const [ledger] = ports.ledgers.items.values();
    expect(Object.values(ledger!.entries)[0]?.state).toBe('revoked');
  });

  it('moves a record when a correction changes its credit year, counting it only in the new year', async () => {
    const ports = storage();
    const { original, moved } = yearMoveOf('R1');
    await processVersions([incoming(original)], ports);
    await processVersions([incoming(moved)], ports);
    expect(countedFor(ports, 'R1')).toBe(600);
    expect(totalByYear(ports)).toEqual(
      new Map([
        [2024, 0],
        [2025, 600],
      ]),
    );
  });

  it('moves a record to another person when a correction changes the ID card number', async () => {
    const ports = storage();
    const original = completionOf({ recordId: 'R1' });
    const corrected = { ...original, versionAt: laterBy(original.versionAt, 5), person: personOf(idCardNoOf(2)) };
    await processVersions([incoming(corrected)], ports);
    await processVersions([incoming(original)], ports);
    expect(countedFor(ports, 'R1')).toBe(600);
    expect(ports.ledgers.items.get(`${corrected.person.personKey}#2024`)?.summary.totalHundredths).toBe(600);
  });

  it('fails only the versions whose ledger could not be written, so only their message is retried', async () => {
    const ports = storage();
    const bob = completionOf({ recordId: 'B', person: personOf(idCardNoOf(7)) });
    const alice = completionOf({ recordId: 'A' });
    const failing = ledgersFailingFor(ports, (ledger) => ledger.personKey === bob.person.personKey);
    const outcomes = await processVersions([incoming(alice, 'm1'), incoming(bob, 'm2')], {
      ...ports,
      ledgers: failing,
    });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'error']);
  });
});

describe('a move whose old ledger cannot be written', () => {
  it('does not write the new home either, so a redriven message (a first delivery again) finishes the move', async () => {
    const ports = storage();
    const { original, moved } = yearMoveOf('RM');
    await processVersions([incoming(original)], ports);
    const oldLedgerDown = ledgersFailingFor(ports, (ledger) => ledger.year === 2024);
    for (let receive = 1; receive <= 5; receive += 1) {
      const [outcome] = await processVersions([incoming(moved, 'm', receive === 1)], {
        ...ports,
        ledgers: oldLedgerDown,
      });
      expect(outcome?.status).toBe('error');
    }
    expect(countedFor(ports, 'RM')).toBe(600);
    // Redriven from the dead-letter queue: received for the first time again.
    expect((await processVersions([incoming(moved, 'm-redriven', true)], ports))[0]?.status).toBe('applied');
    expect(countedFor(ports, 'RM')).toBe(600);
    expect(totalByYear(ports)).toEqual(
      new Map([
        [2024, 0],
        [2025, 600],
      ]),
    );
  });
});

describe('any arrival order and any interleaving', () => {
  const recordVersions = (): CompletionVersion[] => {
    const base = completionOf({ recordId: 'R1', hundredths: 600 });
    return [
      base,
      { ...base, versionAt: laterBy(base.versionAt, 10), hundredths: 450 },
      {
        ...base,
        versionAt: laterBy(base.versionAt, 20),
        creditYear: 2025,
        completedAt: '2025-01-02T00:00:00.000Z',
        hundredths: 300,
      },
      withdrawalOf({ recordId: 'R1', versionAt: laterBy(base.versionAt, 30) }),
      { ...base, versionAt: laterBy(base.versionAt, 40), person: personOf(idCardNoOf(3)), hundredths: 150 },
      completionOf({
        recordId: 'R2',
        course: { code: 'C-001', title: '' },
        completedAt: '2024-07-01T00:00:00.000Z',
        hundredths: 200,
      }),
    ];
  };

  it('ends with the newest version counted once, whatever the order and batching', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(recordVersions(), { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 6, maxLength: 6 }),
        async (order, cuts) => {
          const ports = storage();
          const batches: CompletionVersion[][] = [];
          for (let i = 0, c = 0; i < order.length; c += 1) {
            batches.push(order.slice(i, i + (cuts[c] ?? 1)));
            i += cuts[c] ?? 1;
          }
          // Batches run concurrently, as Lambda consumers do.
          await Promise.all(
            batches.map((batch) =>
              processVersions(
                batch.map((v) => incoming(v)),
                ports,
              ),
            ),
          );
          // The newest version of R1 is the withdrawal at +30 superseded by the move to another person at +40: 150 counted.
          expect(countedFor(ports, 'R1')).toBe(150);
          for (const ledger of ports.ledgers.items.values())
            expect(auditLedger(ledger, rules.get(ledger.year)!)).toBeUndefined();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never misses a withdrawal racing its completion', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), async (withdrawalFirst) => {
        const ports = storage();
        const completion = completionOf({ recordId: 'R9' });
        const withdrawal = withdrawalOf({ recordId: 'R9', versionAt: laterBy(completion.versionAt, 1) });
        const pair = withdrawalFirst ? [withdrawal, completion] : [completion, withdrawal];
        await Promise.all(pair.map((v) => processVersions([incoming(v)], ports)));
        expect(countedFor(ports, 'R9')).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});
