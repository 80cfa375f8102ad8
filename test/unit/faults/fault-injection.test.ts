import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crashAfterLedgersMax,
  crashingLedgerWriter,
  currentFaultPlan,
  InjectedCrashError,
  parseFaultPlan,
  positionDraw,
} from '../../../aws/fault-injection.js';
import type { CompletionVersion } from '../../../shared/completion.js';
import { processVersions, type IncomingVersion } from '../../../shared/ledger/process-versions.js';
import { auditLedger } from '../../../shared/ledger/audit.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { completionOf, idCardNoOf, laterBy, personOf, withdrawalOf } from '../../support/completions.js';
import { MemoryIndex, MemoryLedgers } from '../../support/memory-ports.js';

describe('the HUB_FAULTS plan', () => {
  it('reads a seed and a share per fault kind', () => {
    expect(parseFaultPlan('seed=7, dynamo-throttle=0.02,writer-crash=0.5')).toEqual({
      seed: '7',
      shares: {
        'dynamo-throttle': 0.02,
        'dynamo-error': 0,
        'dynamo-lost-ack': 0,
        'sqs-duplicate': 0,
        'writer-crash': 0.5,
      },
    });
  });

  it('names the part that is wrong', () => {
    expect(() => parseFaultPlan('seed=1,dynamo-throttle=2')).toThrow(/dynamo-throttle must be a share from 0 to 1/);
    expect(() => parseFaultPlan('seed=1,disk-full=0.1')).toThrow(/unknown fault "disk-full"/);
    expect(() => parseFaultPlan('dynamo-error=0.1')).toThrow(/seed=... is required/);
  });

  it('is off when the variable is unset, and refused outside the local runtime', () => {
    expect(currentFaultPlan({})).toBeUndefined();
    expect(() => currentFaultPlan({ HUB_FAULTS: 'seed=1,dynamo-error=0.1' })).toThrow(/outside the local runtime/);
    expect(currentFaultPlan({ HUB_FAULTS: 'seed=1,dynamo-error=0.1', HUB_LOCAL: '1' })?.shares['dynamo-error']).toBe(
      0.1,
    );
  });

  it('draws the same positions from the same seed and other positions from another', () => {
    const positions = (seed: string) =>
      Array.from({ length: 2_000 }, (_, n) => positionDraw(seed, 'dynamo-error', 'PutItemCommand|t', n) < 0.05);
    expect(positions('42')).toEqual(positions('42'));
    expect(positions('42')).not.toEqual(positions('43'));
    const share = positions('42').filter(Boolean).length / 2_000;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.07);
  });
});

const rules = defaultRuleBook;
const always = {
  seed: 's',
  shares: { 'dynamo-throttle': 0, 'dynamo-error': 0, 'dynamo-lost-ack': 0, 'sqs-duplicate': 0, 'writer-crash': 1 },
} as const;

describe('a ledger writer that crashes mid-batch', () => {
  it('writes at most a few ledgers, then writes nothing more and fails the batch', async () => {
    const ledgers = new MemoryLedgers();
    const crash = crashingLedgerWriter(ledgers, always);
    const versions = Array.from({ length: 12 }, (_, i) =>
      completionOf({ recordId: `R${i}`, person: personOf(idCardNoOf(i)) }),
    );
    await processVersions(
      versions.map((version) => ({ messageId: version.recordId, version, firstDelivery: true })),
      { ledgers: crash.ledgers, index: new MemoryIndex(), rules },
    );
    expect(() => crash.assertSurvived()).toThrow(InjectedCrashError);
    expect(ledgers.writes).toBeGreaterThanOrEqual(1);
    expect(ledgers.writes).toBeLessThanOrEqual(crashAfterLedgersMax);
  });

  it('is the store itself when faults are off', () => {
    const ledgers = new MemoryLedgers();
    const crash = crashingLedgerWriter(ledgers, undefined);
    expect(crash.ledgers).toBe(ledgers);
    expect(() => crash.assertSurvived()).not.toThrow();
  });
});

/** Versions of a few records of a few people: corrections that move records, withdrawals, repeats. */
const versionsArbitrary = fc
  .array(
    fc.record({
      record: fc.integer({ min: 0, max: 5 }),
      person: fc.integer({ min: 0, max: 2 }),
      course: fc.integer({ min: 0, max: 2 }),
      minutes: fc.integer({ min: 0, max: 600 }),
      hundredths: fc.integer({ min: 50, max: 900 }),
      year: fc.constantFrom(2024, 2025),
      withdraw: fc.boolean(),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .map((specs) =>
    specs.map((s): CompletionVersion => {
      const versionAt = laterBy('2025-02-01T00:00:00.000Z', s.minutes);
      if (s.withdraw) return withdrawalOf({ recordId: `R${s.record}`, versionAt });
      return completionOf({
        recordId: `R${s.record}`,
        versionAt,
        person: personOf(idCardNoOf(s.person)),
        course: { code: `C${s.course}`, title: '' },
        hundredths: s.hundredths,
        creditYear: s.year,
        completedAt: `${s.year}-06-0${1 + s.course}T02:00:00.000Z`,
      });
    }),
  );

const summaries = (ledgers: MemoryLedgers) =>
  Object.fromEntries(
    [...ledgers.items.entries()].map(([key, ledger]) => [
      key,
      {
        summary: ledger.summary,
        states: Object.fromEntries(Object.entries(ledger.entries).map(([k, e]) => [k, e.state])),
      },
    ]),
  );

const asIncoming = (versions: readonly CompletionVersion[], firstDelivery: boolean): IncomingVersion[] =>
  versions.map((version, i) => ({ messageId: `m${i}`, version, firstDelivery }));

describe('recovering from a crash mid-batch', () => {
  it('ends, after the batch is delivered again, with the same ledgers as a run without the crash', async () => {
    await fc.assert(
      fc.asyncProperty(versionsArbitrary, fc.integer({ min: 1, max: 6 }), async (versions, batchCount) => {
        const batches = Array.from({ length: batchCount }, (_, b) =>
          versions.filter((_, i) => i % batchCount === b),
        ).filter((b) => b.length > 0);
        const clean = { ledgers: new MemoryLedgers(), index: new MemoryIndex(), rules };
        for (const batch of batches) await processVersions(asIncoming(batch, true), clean);

        const faulty = { ledgers: new MemoryLedgers(), index: new MemoryIndex(), rules };
        for (const batch of batches) {
          const crash = crashingLedgerWriter(faulty.ledgers, always);
          let first: Awaited<ReturnType<typeof processVersions>> = [];
          let crashed = false;
          try {
            // A dead writer may also surface as the whole step throwing (the handler then fails the batch).
            first = await processVersions(asIncoming(batch, true), { ...faulty, ledgers: crash.ledgers });
            crash.assertSurvived();
          } catch (error) {
            if (!(error instanceof InjectedCrashError)) throw error;
            crashed = true;
          }
          // As the queue does: a crashed batch comes back whole; otherwise only failed messages.
          const again = crashed ? batch : batch.filter((_, i) => first[i]?.status === 'error');
          if (again.length > 0) await processVersions(asIncoming(again, false), faulty);
        }
        expect(summaries(faulty.ledgers)).toEqual(summaries(clean.ledgers));
        for (const ledger of faulty.ledgers.items.values())
          expect(auditLedger(ledger, rules.get(ledger.year) as never)).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});
