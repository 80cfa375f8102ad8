/**
 * Entry states from all of a ledger's entries (rules.md): failed exams, withdrawals and 0-学时
 * records are recorded, not counted, and none claims its course; of several records of one
 * course (same platform and course code)
 * the earliest completion counts (tie: the smaller record id) and the others are repeats,
 * so a withdrawal of the counted one lets the next one count.
 */
import type { EntryState, LedgerEntry } from './entry.js';

const stateOfAlone = (entry: LedgerEntry): { state: EntryState; stateReason: string } | undefined => {
  if (entry.withdrawn)
    return {
      state: 'revoked',
      stateReason: entry.withdrawReason ? `withdrawn: ${entry.withdrawReason}` : 'withdrawn by the platform',
    };
  if (!entry.passed) return { state: 'not-passed', stateReason: 'exam not passed' };
  if (entry.hundredths === 0)
    return { state: 'zero-hours', stateReason: '0 学时 (under 45 minutes of study): recorded, never counted' };
  return undefined;
};

const courseKeyOf = (entry: LedgerEntry): string => `${entry.source}#${entry.courseCode}`;

const countsBefore = (a: LedgerEntry, b: LedgerEntry): boolean =>
  a.completedAt !== b.completedAt ? new Date(a.completedAt) < new Date(b.completedAt) : a.recordId < b.recordId;

export const withStates = (entries: readonly LedgerEntry[]): LedgerEntry[] => {
  const counting = new Map<string, LedgerEntry>();
  for (const entry of entries) {
    if (stateOfAlone(entry) || entry.source === 'portal') continue;
    const key = courseKeyOf(entry);
    const current = counting.get(key);
    if (!current || countsBefore(entry, current)) counting.set(key, entry);
  }
  return entries.map((entry) => {
    const alone = stateOfAlone(entry);
    if (alone) return { ...entry, ...alone };
    if (entry.source === 'portal')
      return { ...entry, state: 'counted', stateReason: 'converted hours approved on the portal' };
    const counted = counting.get(courseKeyOf(entry));
    if (counted && counted.recordId !== entry.recordId) {
      return {
        ...entry,
        state: 'repeat',
        stateReason: `repeat of course ${entry.courseCode}: record ${counted.recordId} counts`,
      };
    }
    return { ...entry, state: 'counted', stateReason: 'counted' };
  });
};
