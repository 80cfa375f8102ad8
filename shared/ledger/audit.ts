/** rules.md: at every moment the totals equal the sum of the counted entries. */
import type { YearRules } from '../rules/year-rules.js';
import type { LedgerEntry } from './entry.js';
import type { Ledger } from './ledger.js';
import { withStates } from './states.js';
import { sameSummary, summarise, type LedgerSummary } from './summary.js';

export interface AuditFinding {
  readonly personKey: string;
  readonly year: number;
  readonly stored: LedgerSummary;
  readonly recomputed: LedgerSummary;
  readonly statesDiffer: readonly string[];
}

/** Recomputes states and totals from the entries; undefined when they agree with what is stored. */
export const auditLedger = (ledger: Ledger, rules: Pick<YearRules, 'requirement'>): AuditFinding | undefined => {
  const keys = Object.keys(ledger.entries);
  const stored = keys.map((key) => ledger.entries[key] as LedgerEntry);
  const recomputedEntries = withStates(stored);
  const recomputed = summarise(recomputedEntries, rules);
  const statesDiffer = keys.filter((_key, i) => stored[i]?.state !== recomputedEntries[i]?.state);
  if (sameSummary(ledger.summary, recomputed) && statesDiffer.length === 0) return undefined;
  return { personKey: ledger.personKey, year: ledger.year, stored: ledger.summary, recomputed, statesDiffer };
};
