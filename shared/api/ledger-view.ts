/** The ledger as the portal sees it (hub-api.md): hours as JSON numbers with at most two decimals. */
import * as z from 'zod';
import { hoursFromHundredths, type Hundredths } from '../hours.js';
import type { Ledger } from '../ledger/ledger.js';
import { summarise, type LedgerSummary } from '../ledger/summary.js';
import { personRefOf, type PersonKey } from '../person/person-key.js';
import { toBeijingIso } from '../rules/beijing-time.js';
import type { YearRules } from '../rules/year-rules.js';

const hours = z.number().min(0).meta({ description: '学时, at most two decimals' });

export const ledgerViewSchema = z
  .object({
    idCardNo: z.string().meta({ description: 'The ID card number as asked for (normalised: upper-case X, trimmed)' }),
    personRef: z
      .string()
      .meta({ description: 'Opaque, stable reference to the person; safe to log and to put in URLs' }),
    year: z.number().int(),
    publicHours: hours,
    professionalHours: hours,
    convertedHours: hours,
    totalHours: hours,
    compliant: z.boolean(),
    shortfall: z.object({ publicHours: hours, professionalHours: hours, totalHours: hours }),
    byPlatform: z.record(z.string(), hours),
    byTopic: z.record(z.string(), hours),
    entries: z.number().int().min(0).meta({ description: 'The number of counted entries' }),
    version: z.number().int().min(0).meta({ description: 'Grows with every change; 0 for a person with no records' }),
    updatedAt: z
      .string()
      .nullable()
      .meta({ description: 'Time of the last change, Beijing time; null when never changed' }),
  })
  .meta({ id: 'Ledger' });
export type LedgerView = z.infer<typeof ledgerViewSchema>;

const hoursMap = (map: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(map).map(([key, value]) => [key, hoursFromHundredths(value as Hundredths)]));

export const ledgerViewOf = (
  idCardNo: string,
  personKey: PersonKey,
  year: number,
  ledger: Pick<Ledger, 'summary' | 'version' | 'updatedAt'> | undefined,
  rules: Pick<YearRules, 'requirement'>,
): LedgerView => {
  const summary: LedgerSummary = ledger?.summary ?? summarise([], rules);
  return {
    idCardNo,
    personRef: personRefOf(personKey),
    year,
    publicHours: hoursFromHundredths(summary.publicHundredths as Hundredths),
    professionalHours: hoursFromHundredths(summary.professionalHundredths as Hundredths),
    convertedHours: hoursFromHundredths(summary.convertedHundredths as Hundredths),
    totalHours: hoursFromHundredths(summary.totalHundredths as Hundredths),
    compliant: summary.compliant,
    shortfall: {
      publicHours: hoursFromHundredths(summary.shortfall.publicHundredths as Hundredths),
      professionalHours: hoursFromHundredths(summary.shortfall.professionalHundredths as Hundredths),
      totalHours: hoursFromHundredths(summary.shortfall.totalHundredths as Hundredths),
    },
    byPlatform: hoursMap(summary.byPlatform),
    byTopic: hoursMap(summary.byTopic),
    entries: summary.entries,
    version: ledger?.version ?? 0,
    updatedAt: ledger && ledger.version > 0 ? toBeijingIso(new Date(ledger.updatedAt)) : null,
  };
};
