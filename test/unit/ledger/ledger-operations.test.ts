import { describe, expect, it } from 'vitest';
import {
  applyOperations,
  emptyLedger,
  entriesPerLedgerMax,
  entryFactsOf,
  LedgerInvariantError,
  type Ledger,
  type LedgerOperation,
} from '../../../shared/ledger/ledger.js';
import { summarise } from '../../../shared/ledger/summary.js';
import { withStates } from '../../../shared/ledger/states.js';
import { entryKeyOf } from '../../../shared/ledger/entry.js';
import { versionKeyOf } from '../../../shared/ledger/version-key.js';
import { auditLedger } from '../../../shared/ledger/audit.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import type { CompletionRecord } from '../../../shared/completion.js';
import { completionOf, laterBy, personOf, idCardNoOf } from '../../support/completions.js';

const rules = defaultRuleBook.get(2024)!;
const now = new Date('2024-07-01T00:00:00Z');
const owner = { personKey: personOf(idCardNoOf(1)).personKey, year: 2024, idCardEnc: 'sealed', idCardLast4: '0012' };
const fresh = (): Ledger => emptyLedger(owner, rules);
const put = (version: CompletionRecord): LedgerOperation => ({
  kind: 'put',
  entry: entryFactsOf(version, versionKeyOf(version)),
});
const apply = (ledger: Ledger, ...ops: LedgerOperation[]) => applyOperations(ledger, ops, rules, now);
/** The two arrival orders of two versions. */
const eitherOrder = <T>(a: T, b: T): T[][] => [
  [a, b],
  [b, a],
];
const stateOf = (ledger: Ledger, platform: 'hnu' | 'jxnu', recordId: string) =>
  ledger.entries[entryKeyOf(platform, recordId)]?.state;
/** A withdrawal of the hnu entry `recordId`, versioned `seconds` after `version`. */
const withdraw = (recordId: string, version: CompletionRecord, seconds: number, reason = '作弊'): LedgerOperation => ({
  kind: 'withdraw',
  entryKey: entryKeyOf('hnu', recordId),
  versionKey: versionKeyOf({ ...version, versionAt: laterBy(version.versionAt, seconds) }),
  reason,
});

describe('a ledger applying versions', () => {
  it('counts a new completion and steps the version', () => {
    const { ledger, outcomes } = apply(fresh(), put(completionOf({ hundredths: 600 })));
    expect(outcomes).toEqual(['applied']);
    expect(ledger.summary.professionalHundredths).toBe(600);
    expect(ledger.summary.entries).toBe(1);
    expect(ledger.version).toBe(1);
  });

  it('changes nothing when the same version arrives again', () => {
    const version = completionOf();
    const once = apply(fresh(), put(version)).ledger;
    const twice = apply(once, put({ ...version, receivedAt: laterBy(version.receivedAt, 5), correlationId: 'retry' }));
    expect(twice.outcomes).toEqual(['duplicate']);
    expect(twice.changed).toBe(false);
    expect(twice.ledger).toBe(once);
  });

  it('lets a newer correction replace the hours and ignores an older one arriving late', () => {
    const original = completionOf({ recordId: 'R1', hundredths: 600 });
    const correction = { ...original, versionAt: laterBy(original.versionAt, 60), hundredths: 450 };
    const corrected = apply(fresh(), put(correction)).ledger;
    const late = apply(corrected, put(original));
    expect(late.outcomes).toEqual(['stale']);
    expect(late.ledger.summary.professionalHundredths).toBe(450);
  });

  it('records a failed exam without counting it', () => {
    const { ledger } = apply(fresh(), put(completionOf({ recordId: 'R1', passed: false })));
    expect(ledger.entries[entryKeyOf('hnu', 'R1')]?.state).toBe('not-passed');
    expect(ledger.summary.totalHundredths).toBe(0);
    expect(ledger.summary.entries).toBe(0);
  });

  it('withdraws a counted entry with a newer withdrawal and keeps it visible as revoked', () => {
    const version = completionOf({ recordId: 'R1' });
    const counted = apply(fresh(), put(version)).ledger;
    const { ledger } = apply(counted, withdraw('R1', version, 10));
    expect(ledger.entries[entryKeyOf('hnu', 'R1')]?.state).toBe('revoked');
    expect(ledger.summary.totalHundredths).toBe(0);
  });

  it('still withdraws a completion whose withdrawal arrived first', () => {
    const version = completionOf({ recordId: 'R1' });
    const withdrawal = withdraw('R1', version, 10);
    const tombstoned = apply(fresh(), withdrawal).ledger;
    const { ledger, outcomes } = apply(tombstoned, put(version));
    expect(outcomes).toEqual(['applied']);
    expect(ledger.entries[entryKeyOf('hnu', 'R1')]?.state).toBe('revoked');
    expect(ledger.summary.totalHundredths).toBe(0);
  });

  it('keeps a record that moved out from counting again when its older version arrives late', () => {
    const version = completionOf({ recordId: 'R1' });
    const movedKey = versionKeyOf({ ...version, versionAt: laterBy(version.versionAt, 30) });
    const counted = apply(fresh(), put(version)).ledger;
    const moved = apply(counted, { kind: 'move-out', entryKey: entryKeyOf('hnu', 'R1'), versionKey: movedKey }).ledger;
    expect(moved.summary.totalHundredths).toBe(0);
    expect(apply(moved, put(version)).outcomes).toEqual(['stale']);
  });
});

describe('repeats of one course', () => {
  const first = completionOf({
    recordId: 'R2',
    completedAt: '2024-03-01T00:00:00.000Z',
    course: { code: 'C-9', title: 't' },
  });
  const second = completionOf({
    recordId: 'R1',
    completedAt: '2024-04-01T00:00:00.000Z',
    course: { code: 'C-9', title: 't' },
  });

  it('counts the earliest completion whatever the arrival order, and records the other as a repeat', () => {
    for (const order of eitherOrder(first, second)) {
      const { ledger } = apply(fresh(), ...order.map(put));
      expect([stateOf(ledger, 'hnu', 'R2'), stateOf(ledger, 'hnu', 'R1')]).toEqual(['counted', 'repeat']);
      expect(ledger.summary.professionalHundredths).toBe(600);
    }
  });

  it('breaks a tie in completion time by the smaller record id', () => {
    const tied = { ...first, completedAt: second.completedAt };
    const { ledger } = apply(fresh(), put(tied), put(second));
    expect(ledger.entries[entryKeyOf('hnu', 'R1')]?.state).toBe('counted');
    expect(ledger.entries[entryKeyOf('hnu', 'R2')]?.state).toBe('repeat');
  });

  it('counts the repeat instead when the counted one is withdrawn', () => {
    const both = apply(fresh(), put(first), put(second)).ledger;
    const { ledger } = apply(both, withdraw('R2', first, 99, 'x'));
    expect(ledger.entries[entryKeyOf('hnu', 'R1')]?.state).toBe('counted');
    expect(ledger.summary.professionalHundredths).toBe(600);
  });

  it('never counts a 0-学时 entry, and never lets it make a real completion of the course a repeat', () => {
    const zero = { ...first, platform: 'jxnu' as const, hundredths: 0 };
    const real = { ...second, platform: 'jxnu' as const, hundredths: 300 };
    for (const order of eitherOrder(zero, real)) {
      const { ledger } = apply(fresh(), ...order.map(put));
      expect([stateOf(ledger, 'jxnu', 'R2'), stateOf(ledger, 'jxnu', 'R1')]).toEqual(['zero-hours', 'counted']);
      expect([ledger.summary.professionalHundredths, ledger.summary.entries]).toEqual([300, 1]);
    }
  });

  it('shows a 0-学时 entry that is withdrawn or failed as such', () => {
    const { ledger } = apply(
      fresh(),
      put({ ...first, hundredths: 0, withdrawn: true }),
      put({ ...second, hundredths: 0, passed: false }),
    );
    expect([ledger.entries[entryKeyOf('hnu', 'R2')]?.state, ledger.entries[entryKeyOf('hnu', 'R1')]?.state]).toEqual([
      'revoked',
      'not-passed',
    ]);
    expect(ledger.summary.entries).toBe(0);
  });

  it('counts the same course code on two platforms twice: repeats are per platform', () => {
    const { ledger } = apply(fresh(), put(first), put({ ...second, platform: 'jxnu' }));
    expect(ledger.summary.professionalHundredths).toBe(1200);
  });
});

describe('totals, shortfall and compliance', () => {
  it('is compliant at exactly 30 public and 60 professional hours', () => {
    const ops = [
      put(completionOf({ recordId: 'P', category: 'public', hundredths: 3000, course: { code: 'G', title: 'g' } })),
      put(
        completionOf({ recordId: 'Q', category: 'professional', hundredths: 6000, course: { code: 'Z', title: 'z' } }),
      ),
    ];
    const { ledger } = apply(fresh(), ...ops);
    expect(ledger.summary).toMatchObject({
      totalHundredths: 9000,
      compliant: true,
      shortfall: { publicHundredths: 0, professionalHundredths: 0, totalHundredths: 0 },
    });
  });

  it('shows the shortfall in each figure; professional hours above 60 do not make up public ones', () => {
    const { ledger } = apply(fresh(), put(completionOf({ recordId: 'Q', hundredths: 9550 })));
    expect(ledger.summary.compliant).toBe(false);
    expect(ledger.summary.shortfall).toEqual({ publicHundredths: 3000, professionalHundredths: 0, totalHundredths: 0 });
  });

  it('sums 0.1 + 0.2 as exactly 0.3 and 10,000 entries of 0.01 as exactly 100', () => {
    expect(
      apply(
        fresh(),
        put(completionOf({ recordId: 'a', hundredths: 10, course: { code: 'a', title: '' } })),
        put(completionOf({ recordId: 'b', hundredths: 20, course: { code: 'b', title: '' } })),
      ).ledger.summary.totalHundredths,
    ).toBe(30);
    const entries = Array.from({ length: 10_000 }, (_, i) => ({
      ...entryFactsOf(
        completionOf({ recordId: `r${i}`, hundredths: 1, course: { code: `c${i}`, title: '' } }),
        versionKeyOf(completionOf()),
      ),
      state: 'counted' as const,
      stateReason: '',
    }));
    expect(summarise(withStates(entries), rules).totalHundredths).toBe(10_000);
  });

  it('refuses to grow a ledger past its entry limit rather than exceed the item size', () => {
    const many = Array.from({ length: entriesPerLedgerMax + 1 }, (_, i) =>
      put(completionOf({ recordId: `r${i}`, hundredths: 1, course: { code: `c${i}`, title: '' } })),
    );
    expect(() => applyOperations(fresh(), many, rules, now)).toThrow(LedgerInvariantError);
  });

  it('files hours by platform and by topic, unmatched topics as other', () => {
    const { ledger } = apply(
      fresh(),
      put(completionOf({ recordId: 'a', topicMatched: null, topic: '量子计算', course: { code: 'a', title: '' } })),
      put(completionOf({ recordId: 'b', platform: 'jxnu', hundredths: 150, course: { code: 'b', title: '' } })),
    );
    expect(ledger.summary.byPlatform).toEqual({ hnu: 600, jxnu: 150 });
    expect(ledger.summary.byTopic).toEqual({ other: 600, 新能源: 150 });
  });

  it('is found out by the audit when stored totals differ from the entries', () => {
    const { ledger } = apply(fresh(), put(completionOf()));
    const tampered = { ...ledger, summary: { ...ledger.summary, professionalHundredths: 601 } };
    expect(auditLedger(tampered, rules)?.recomputed.professionalHundredths).toBe(600);
  });
});
