/**
 * The operators' audit of a year (`GET /ops/audit?year=`, `npm run ops -- audit --year Y`):
 * every ledger of the year recomputed from its entries (audit.ts, rules.md: the totals always
 * equal the sum of the counted entries), page by page, and each difference shown with the
 * person's opaque reference and the last 4 characters of the ID card number only.
 */
import * as z from 'zod';
import { hoursFromHundredths, type Hundredths } from '../hours.js';
import { personRefOf, type PersonKey } from '../person/person-key.js';
import type { RuleBook } from '../rules/year-rules.js';
import { auditLedger } from './audit.js';
import type { Ledger } from './ledger.js';
import { sameSummary, type LedgerSummary } from './summary.js';

export const auditPageSizeDefault = 200;
export const auditPageSizeMax = 1_000;

/** The ledgers table's key, where a page of the audit's scan stopped (DynamoDB's LastEvaluatedKey). */
export interface AuditPosition {
  readonly personKey: string;
  readonly year: number;
}

/**
 * The cursor is the position, `{personKey}_{year}`, so that auditCursorPattern says exactly
 * which cursors the audit takes (the OpenAPI document shows it).
 */
export const auditCursorPattern = /^[0-9a-f]{32}_[0-9]{4}$/;

export const encodeAuditCursor = (position: AuditPosition): string => `${position.personKey}_${position.year}`;

/** The position a cursor names, or undefined when it is not of auditCursorPattern's form. */
export const decodeAuditCursor = (cursor: string): AuditPosition | undefined => {
  if (!auditCursorPattern.test(cursor)) return undefined;
  const [personKey, year] = cursor.split('_') as [string, string];
  return { personKey, year: Number(year) };
};

const totalsSchema = z.object({
  publicHours: z.number(),
  professionalHours: z.number(),
  convertedHours: z.number(),
  totalHours: z.number(),
  compliant: z.boolean(),
  entries: z.number().int(),
});

export const auditFindingViewSchema = z.object({
  personRef: z.string(),
  idCardLast4: z.string(),
  year: z.number().int(),
  /** `totals-differ`, `states-differ`, or `malformed` (the stored item does not read as a ledger). */
  problems: z.array(z.enum(['totals-differ', 'states-differ', 'malformed'])),
  stored: totalsSchema.nullable(),
  recomputed: totalsSchema.nullable(),
  /** Entry keys (`platform#recordId`) whose stored state is not what the rules give. */
  statesDiffer: z.array(z.string()),
  message: z.string(),
});
export type AuditFindingView = z.infer<typeof auditFindingViewSchema>;

export const auditPageSchema = z.object({
  year: z.number().int(),
  /** Ledgers of the year read on this page. */
  checked: z.number().int().min(0),
  findings: z.array(auditFindingViewSchema),
  /** Read on with this cursor; null when every ledger of the year has been read. */
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** What a scan of the ledgers table hands the audit: a ledger, or an item that is not one. */
export type ScannedLedger =
  | { readonly ok: true; readonly ledger: Ledger }
  | {
      readonly ok: false;
      readonly personKey: string;
      readonly year: number;
      readonly idCardLast4: string;
      readonly message: string;
    };

const totalsOf = (summary: LedgerSummary) => ({
  publicHours: hoursFromHundredths(summary.publicHundredths as Hundredths),
  professionalHours: hoursFromHundredths(summary.professionalHundredths as Hundredths),
  convertedHours: hoursFromHundredths(summary.convertedHundredths as Hundredths),
  totalHours: hoursFromHundredths(summary.totalHundredths as Hundredths),
  compliant: summary.compliant,
  entries: summary.entries,
});

const refOf = (personKey: string): string =>
  /^[0-9a-f]{32}$/.test(personKey) ? personRefOf(personKey as PersonKey) : 'p_unreadable';

export class AuditRulesError extends Error {
  override readonly name = 'AuditRulesError';
}

/** The findings of one page of scanned ledgers: empty when every ledger agrees with its entries. */
export const auditScanned = (scanned: readonly ScannedLedger[], rules: RuleBook): AuditFindingView[] =>
  scanned.flatMap((item): AuditFindingView[] => {
    if (!item.ok) {
      return [
        {
          personRef: refOf(item.personKey),
          idCardLast4: item.idCardLast4,
          year: item.year,
          problems: ['malformed'],
          stored: null,
          recomputed: null,
          statesDiffer: [],
          message: item.message,
        },
      ];
    }
    const yearRules = rules.get(item.ledger.year);
    if (!yearRules) throw new AuditRulesError(`no rules for year ${item.ledger.year}: cannot recompute its ledgers`);
    const finding = auditLedger(item.ledger, yearRules);
    if (!finding) return [];
    const stored = totalsOf(finding.stored);
    const recomputed = totalsOf(finding.recomputed);
    const totalsDiffer = !sameSummary(finding.stored, finding.recomputed);
    const problems: AuditFindingView['problems'] = [
      ...(totalsDiffer ? (['totals-differ'] as const) : []),
      ...(finding.statesDiffer.length > 0 ? (['states-differ'] as const) : []),
    ];
    const parts = [
      totalsDiffer ? `stored total ${stored.totalHours} 学时, entries give ${recomputed.totalHours}` : '',
      finding.statesDiffer.length > 0
        ? `${finding.statesDiffer.length} entries have a stored state the rules do not give`
        : '',
    ].filter((part) => part !== '');
    return [
      {
        personRef: refOf(item.ledger.personKey),
        idCardLast4: item.ledger.idCardLast4,
        year: item.ledger.year,
        problems: problems.length > 0 ? problems : ['totals-differ'],
        stored,
        recomputed,
        statesDiffer: [...finding.statesDiffer],
        message: parts.join('; ') || 'stored summary differs from the entries',
      },
    ];
  });

/** One line per finding and a closing count, for the command line. */
export const describeAudit = (year: number, checked: number, findings: readonly AuditFindingView[]): string[] => [
  ...findings.map((f) => `${f.personRef} (…${f.idCardLast4}) ${f.year}: ${f.problems.join(', ')}: ${f.message}`),
  `audit ${year}: ${checked} ledgers checked, ${findings.length} with differences`,
];
