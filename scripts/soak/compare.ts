/**
 * The soak's verdict, pure: every ledger the hub holds against the oracle's ledgers, computed
 * independently from the generated events and the rules (sim/expected.ts), record by record.
 *
 * - lost: a record the oracle counts that is not counted where the oracle puts it;
 * - double-counted: a record counted where the oracle does not count it (a second place, a
 *   repeat or withdrawn record counted, a record counted twice over);
 * - ledger drift: a ledger whose totals differ from the oracle's, or from its own entries;
 * - unexplained: any other difference (a state or hours the oracle does not give, a record or
 *   ledger the oracle does not know).
 */
import { auditLedger } from '../../shared/ledger/audit.js';
import type { Ledger } from '../../shared/ledger/ledger.js';
import type { RuleBook } from '../../shared/rules/year-rules.js';
import type { ExpectedState } from '../../sim/expected.js';

/** A record of an oracle's ledger, as the hub keys it (platform and record id). */
export interface OracleEntry {
  readonly platform: string;
  readonly recordId: string;
  readonly state: ExpectedState;
  readonly hundredths: number;
}

/** A ledger's totals: what the oracle says, or what the hub stored. */
export interface LedgerTotals {
  readonly publicHundredths: number;
  readonly professionalHundredths: number;
  readonly totalHundredths: number;
  /** Counted entries. */
  readonly entries: number;
}

/** The oracle's ledger (sim/expected.ts ExpectedLedger) in the hub's terms: keyed by the person's key, not the ID card number. */
export interface OracleLedger {
  /** The person's storage key (the hub's keyed hash of the ID card number). */
  readonly personKey: string;
  readonly year: number;
  readonly entries: readonly OracleEntry[];
  readonly totals: LedgerTotals;
}

export interface Difference {
  readonly figure: 'lost' | 'double-counted' | 'ledger drift' | 'unexplained';
  /** `personKey#year` and what differs; never an ID card number or a name. */
  readonly where: string;
  readonly what: string;
}

export interface Verdict {
  readonly ledgersExpected: number;
  readonly ledgersFound: number;
  readonly recordsCounted: number;
  readonly lost: number;
  readonly doubleCounted: number;
  readonly ledgerDrift: number;
  readonly unexplained: number;
  /** The first differences of each figure, to start looking from. */
  readonly examples: readonly Difference[];
}

export const examplesPerFigureMax = 5;

const ledgerKey = (personKey: string, year: number): string => `${personKey}#${year}`;
const entryKey = (platform: string, recordId: string): string => `${platform}#${recordId}`;

const totalsOf = (ledger: Ledger): LedgerTotals => ({
  publicHundredths: ledger.summary.publicHundredths,
  professionalHundredths: ledger.summary.professionalHundredths,
  totalHundredths: ledger.summary.totalHundredths,
  entries: ledger.summary.entries,
});

const sameTotals = (a: LedgerTotals, b: LedgerTotals): boolean =>
  a.publicHundredths === b.publicHundredths &&
  a.professionalHundredths === b.professionalHundredths &&
  a.totalHundredths === b.totalHundredths &&
  a.entries === b.entries;

const zeroTotals: LedgerTotals = { publicHundredths: 0, professionalHundredths: 0, totalHundredths: 0, entries: 0 };

type Note = (figure: Difference['figure'], where: string, what: string) => void;
type HeldEntries = Ledger['entries'];

/** Counts every difference by figure and keeps the first few of each. */
const differenceLog = () => {
  const counts = { lost: 0, 'double-counted': 0, 'ledger drift': 0, unexplained: 0 };
  const examples: Difference[] = [];
  const shown = new Map<Difference['figure'], number>();
  const note: Note = (figure, where, what) => {
    counts[figure] += 1;
    const already = shown.get(figure) ?? 0;
    if (already < examplesPerFigureMax) examples.push({ figure, where, what });
    shown.set(figure, already + 1);
  };
  return { counts, examples, note };
};

/** Where the oracle counts each record, to tell a record counted twice from one counted in the wrong place. */
const countedPlaces = (expected: readonly OracleLedger[]): Map<string, string> => {
  const countedAt = new Map<string, string>();
  for (const ledger of expected) {
    for (const entry of ledger.entries)
      if (entry.state === 'counted')
        countedAt.set(entryKey(entry.platform, entry.recordId), ledgerKey(ledger.personKey, ledger.year));
  }
  return countedAt;
};

/** Each record the oracle puts in this ledger, against the hub's entry for it. */
const checkOracleEntries = (key: string, wanted: OracleLedger, entries: HeldEntries, note: Note): void => {
  for (const entry of wanted.entries) {
    const held = entries[entryKey(entry.platform, entry.recordId)];
    const where = `${key} ${entry.platform}#${entry.recordId}`;
    if (entry.state === 'counted') {
      if (held?.state !== 'counted')
        note(
          'lost',
          where,
          `the oracle counts ${entry.hundredths / 100} 学时; the hub has ${held ? held.state : 'no entry'}`,
        );
      else if (held.hundredths !== entry.hundredths)
        note(
          'unexplained',
          where,
          `counted with ${held.hundredths / 100} 学时; the oracle says ${entry.hundredths / 100}`,
        );
    } else if (held?.state === 'counted') {
      note('double-counted', where, `counted; the oracle says ${entry.state}`);
    } else if (held && held.state !== entry.state) {
      note('unexplained', where, `state ${held.state}; the oracle says ${entry.state}`);
    } else if (!held && entry.state !== 'revoked') {
      // A withdrawn record may have no entry (a withdrawal can arrive before anything it withdraws).
      note('unexplained', where, `no entry; the oracle records it as ${entry.state}`);
    }
  }
};

/** The hub's entries the oracle does not have in this ledger (`here`: in a ledger the oracle has at all). */
const checkUnknownEntries = (
  key: string,
  entries: HeldEntries,
  known: ReadonlySet<string>,
  countedAt: ReadonlyMap<string, string>,
  note: Note,
  here: boolean,
): void => {
  for (const [heldKey, held] of Object.entries(entries)) {
    if (known.has(heldKey)) continue;
    if (held.state !== 'counted') {
      note(
        'unexplained',
        `${key} ${heldKey}`,
        `entry (${held.state}) ${here ? 'the oracle does not have here' : 'in a ledger the oracle does not have'}`,
      );
      continue;
    }
    const home = countedAt.get(heldKey);
    const what = here
      ? home
        ? `counted here and where the oracle counts it (${home})`
        : 'counted; the oracle does not know this record'
      : home
        ? `counted in a ledger the oracle does not have, and at ${home}`
        : 'counted in a ledger the oracle does not have';
    note('double-counted', `${key} ${heldKey}`, what);
  }
};

/** A ledger the oracle has, against the hub's of the same person and year (none: an empty one). */
const checkExpectedLedger = (
  key: string,
  wanted: OracleLedger,
  found: Ledger | undefined,
  countedAt: ReadonlyMap<string, string>,
  note: Note,
): void => {
  const entries = found?.entries ?? {};
  checkOracleEntries(key, wanted, entries, note);
  const known = new Set(wanted.entries.map((entry) => entryKey(entry.platform, entry.recordId)));
  checkUnknownEntries(key, entries, known, countedAt, note, true);
  const has = found ? totalsOf(found) : zeroTotals;
  if (!sameTotals(has, wanted.totals))
    note(
      'ledger drift',
      key,
      `total ${has.totalHundredths / 100} 学时 in ${has.entries} entries; the oracle has ${wanted.totals.totalHundredths / 100} in ${wanted.totals.entries}`,
    );
};

/** A ledger the hub holds: its stored totals against its own entries, and (if the oracle has none) every entry. */
const checkStoredLedger = (
  key: string,
  found: Ledger,
  expectedHere: boolean,
  countedAt: ReadonlyMap<string, string>,
  rules: RuleBook,
  note: Note,
): void => {
  const yearRules = rules.get(found.year);
  const audit = yearRules ? auditLedger(found, yearRules) : undefined;
  if (!yearRules) note('unexplained', key, `a ledger for year ${found.year}, which has no rules`);
  else if (audit)
    note(
      'ledger drift',
      key,
      `stored totals or states differ from the ledger's own entries (${audit.statesDiffer.length} states)`,
    );
  if (expectedHere) return;
  checkUnknownEntries(key, found.entries, new Set(), countedAt, note, false);
  if (found.summary.totalHundredths !== 0 && Object.values(found.entries).every((entry) => entry.state !== 'counted'))
    note('ledger drift', key, 'totals without counted entries');
};

export const compareLedgers = (
  expected: readonly OracleLedger[],
  actual: readonly Ledger[],
  rules: RuleBook,
): Verdict => {
  const { counts, examples, note } = differenceLog();
  const expectedByKey = new Map(expected.map((ledger) => [ledgerKey(ledger.personKey, ledger.year), ledger]));
  const actualByKey = new Map(actual.map((ledger) => [ledgerKey(ledger.personKey, ledger.year), ledger]));
  const countedAt = countedPlaces(expected);
  for (const [key, wanted] of expectedByKey) checkExpectedLedger(key, wanted, actualByKey.get(key), countedAt, note);
  for (const [key, found] of actualByKey) checkStoredLedger(key, found, expectedByKey.has(key), countedAt, rules, note);
  return {
    ledgersExpected: expected.length,
    ledgersFound: actual.length,
    recordsCounted: countedAt.size,
    lost: counts.lost,
    doubleCounted: counts['double-counted'],
    ledgerDrift: counts['ledger drift'],
    unexplained: counts.unexplained,
    examples,
  };
};
