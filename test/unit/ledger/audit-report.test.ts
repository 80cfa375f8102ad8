import { describe, expect, it } from 'vitest';
import { auditScanned, describeAudit } from '../../../shared/ledger/audit-report.js';
import type { Ledger } from '../../../shared/ledger/ledger.js';
import { processVersions } from '../../../shared/ledger/process-versions.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { completionOf, idCardNoOf, personOf } from '../../support/completions.js';
import { MemoryIndex, MemoryLedgers } from '../../support/memory-ports.js';

const rules = defaultRuleBook;

const ledgerWithTwoCourses = async (): Promise<Ledger> => {
  const ledgers = new MemoryLedgers();
  const person = personOf(idCardNoOf(7));
  const versions = [
    completionOf({ recordId: 'A', person, course: { code: 'C1', title: '' }, hundredths: 600 }),
    completionOf({
      recordId: 'B',
      person,
      course: { code: 'C1', title: '' },
      hundredths: 450,
      completedAt: '2024-07-01T00:00:00.000Z',
    }),
    completionOf({ recordId: 'C', person, course: { code: 'C2', title: '' }, hundredths: 300, category: 'public' }),
  ];
  await processVersions(
    versions.map((version) => ({ messageId: version.recordId, version, firstDelivery: true })),
    { ledgers, index: new MemoryIndex(), rules },
  );
  return [...ledgers.items.values()][0] as Ledger;
};

describe('the audit of a year', () => {
  it('finds nothing in ledgers the pipeline wrote', async () => {
    const ledger = await ledgerWithTwoCourses();
    expect(auditScanned([{ ok: true, ledger }], rules)).toEqual([]);
  });

  it('reports a ledger whose stored totals differ from its entries, with both figures', async () => {
    const ledger = await ledgerWithTwoCourses();
    const tampered: Ledger = {
      ...ledger,
      summary: { ...ledger.summary, totalHundredths: ledger.summary.totalHundredths + 50 },
    };
    const [finding] = auditScanned([{ ok: true, ledger: tampered }], rules);
    expect(finding).toMatchObject({
      problems: ['totals-differ'],
      stored: { totalHours: 9.5 },
      recomputed: { totalHours: 9 },
      idCardLast4: ledger.idCardLast4,
    });
    expect(finding?.personRef).toBe(`p_${ledger.personKey}`);
    expect(finding?.message).toContain('stored total 9.5');
  });

  it('reports an entry counted that the rules make a repeat', async () => {
    const ledger = await ledgerWithTwoCourses();
    const key = Object.keys(ledger.entries).find((k) => ledger.entries[k]?.state === 'repeat') as string;
    const tampered: Ledger = {
      ...ledger,
      entries: { ...ledger.entries, [key]: { ...ledger.entries[key]!, state: 'counted' } },
    };
    const [finding] = auditScanned([{ ok: true, ledger: tampered }], rules);
    expect(finding?.problems).toContain('states-differ');
    expect(finding?.statesDiffer).toEqual([key]);
  });

  it('reports a stored item that is not a ledger', () => {
    const [finding] = auditScanned(
      [
        {
          ok: false,
          personKey: 'f'.repeat(32),
          year: 2024,
          idCardLast4: '123X',
          message: 'stored ledger is malformed',
        },
      ],
      rules,
    );
    expect(finding).toMatchObject({ problems: ['malformed'], idCardLast4: '123X', stored: null });
  });

  it('prints one line a finding and a closing count, with no ID card number', async () => {
    const ledger = await ledgerWithTwoCourses();
    const tampered: Ledger = { ...ledger, summary: { ...ledger.summary, entries: 9 } };
    const lines = describeAudit(2024, 1, auditScanned([{ ok: true, ledger: tampered }], rules));
    expect(lines.at(-1)).toBe('audit 2024: 1 ledgers checked, 1 with differences');
    expect(lines.join('\n')).not.toContain(idCardNoOf(7));
  });
});
