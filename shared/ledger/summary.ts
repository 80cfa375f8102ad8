/**
 * A ledger's figures, always derived from its counted entries (rules.md: totals equal the sum
 * of the counted entries), in exact hundredths.
 */
import * as z from 'zod';
import type { Hundredths } from '../hours.js';
import type { YearRules } from '../rules/year-rules.js';
import type { LedgerEntry } from './entry.js';

export const otherTopic = 'other';

export const ledgerSummarySchema = z.object({
  publicHundredths: z.number().int().min(0),
  professionalHundredths: z.number().int().min(0),
  convertedHundredths: z.number().int().min(0),
  totalHundredths: z.number().int().min(0),
  compliant: z.boolean(),
  shortfall: z.object({
    publicHundredths: z.number().int().min(0),
    professionalHundredths: z.number().int().min(0),
    totalHundredths: z.number().int().min(0),
  }),
  byPlatform: z.record(z.string(), z.number().int().min(0)),
  byTopic: z.record(z.string(), z.number().int().min(0)),
  /** The number of counted entries. */
  entries: z.number().int().min(0),
});
export type LedgerSummary = z.infer<typeof ledgerSummarySchema>;

const add = (map: Record<string, number>, key: string, value: number): void => {
  map[key] = (map[key] ?? 0) + value;
};

export const summarise = (entries: readonly LedgerEntry[], rules: Pick<YearRules, 'requirement'>): LedgerSummary => {
  let publicHundredths = 0;
  let professionalHundredths = 0;
  let convertedHundredths = 0;
  let counted = 0;
  const byPlatform: Record<string, number> = {};
  const byTopic: Record<string, number> = {};
  for (const entry of entries) {
    if (entry.state !== 'counted') continue;
    counted += 1;
    if (entry.category === 'public') publicHundredths += entry.hundredths;
    else professionalHundredths += entry.hundredths;
    if (entry.source === 'portal') convertedHundredths += entry.hundredths;
    add(byPlatform, entry.source, entry.hundredths);
    if (entry.source !== 'portal') add(byTopic, entry.topicMatched ?? otherTopic, entry.hundredths);
  }
  const totalHundredths = publicHundredths + professionalHundredths;
  const required = {
    publicHundredths: Math.round(rules.requirement.publicHours * 100),
    professionalHundredths: Math.round(rules.requirement.professionalHours * 100),
    totalHundredths: Math.round(rules.requirement.totalHours * 100),
  };
  const shortfall = {
    publicHundredths: Math.max(0, required.publicHundredths - publicHundredths),
    professionalHundredths: Math.max(0, required.professionalHundredths - professionalHundredths),
    totalHundredths: Math.max(0, required.totalHundredths - totalHundredths),
  };
  return {
    publicHundredths,
    professionalHundredths,
    convertedHundredths,
    totalHundredths,
    compliant:
      shortfall.publicHundredths === 0 && shortfall.professionalHundredths === 0 && shortfall.totalHundredths === 0,
    shortfall,
    byPlatform,
    byTopic,
    entries: counted,
  };
};

export const sameSummary = (a: LedgerSummary, b: LedgerSummary): boolean =>
  JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

const sortKeys = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
};

export type { Hundredths };
