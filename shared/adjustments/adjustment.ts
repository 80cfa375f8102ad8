/**
 * Converted hours (折算学时, rules.md) as the hub keeps them: one stored adjustment per id
 * (the person as a key and a sealed ID number, never the clear number) and the ledger entry
 * of source `portal` it becomes. Everything here is pure.
 *
 * Idempotency: the content that decides "same or different" is the person key, year,
 * category, hundredths, kind and approval instant (an approval time in another offset that
 * names the same instant is the same content). Its hash is stored with the adjustment; it
 * hashes the person key, not the ID number, so it reveals nothing a guess could confirm.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { hundredthsFromDecimal, type Hundredths } from '../hours.js';
import { conversionKinds, entryKeyOf } from '../ledger/entry.js';
import type { EntryFacts, LedgerOperation } from '../ledger/ledger.js';
import type { VersionKey } from '../ledger/version-key.js';
import type { FieldProblem } from '../result.js';
import type { AdjustmentRequest } from '../api/adjustments.js';

export const adjustmentSource = 'portal';
const contentHashLength = 32;

export const storedAdjustmentSchema = z.object({
  adjustmentId: z.string().min(1),
  contentHash: z.string().length(contentHashLength),
  personKey: z.string().regex(/^[0-9a-f]{32}$/),
  year: z.number().int(),
  category: z.enum(['public', 'professional']),
  hundredths: z.number().int().positive(),
  kind: z.enum(conversionKinds),
  /** UTC ISO instant. */
  approvedAt: z.string(),
  idCardEnc: z.string().min(1),
  idCardLast4: z.string().length(4),
  postedAt: z.string(),
  /** The consumer (by name) that posted it first. */
  postedBy: z.string(),
  /** Set once, by the first revoke (UTC ISO). */
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});
export type StoredAdjustment = z.infer<typeof storedAdjustmentSchema>;

export type AdjustmentContent = Pick<
  StoredAdjustment,
  'personKey' | 'year' | 'category' | 'hundredths' | 'kind' | 'approvedAt'
>;

export const adjustmentContentOf = (request: AdjustmentRequest, personKey: string): AdjustmentContent => ({
  personKey,
  year: request.year,
  category: request.category,
  hundredths: hundredthsFromDecimal(request.hours) as Hundredths,
  kind: request.kind,
  approvedAt: new Date(request.approvedAt).toISOString(),
});

export const contentHashOf = (content: AdjustmentContent): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        content.personKey,
        content.year,
        content.category,
        content.hundredths,
        content.kind,
        content.approvedAt,
      ]),
    )
    .digest('hex')
    .slice(0, contentHashLength);

/** How posted content differs from the stored adjustment, field by field as the portal names them. */
export const adjustmentDifferences = (stored: AdjustmentContent, posted: AdjustmentContent): FieldProblem[] => {
  const differences: FieldProblem[] = [];
  if (stored.personKey !== posted.personKey)
    differences.push({
      field: 'idCardNo',
      message: 'names another person than the adjustment already posted under this id',
    });
  if (stored.year !== posted.year)
    differences.push({ field: 'year', message: `was ${stored.year}, now ${posted.year}` });
  if (stored.category !== posted.category)
    differences.push({ field: 'category', message: `was ${stored.category}, now ${posted.category}` });
  if (stored.hundredths !== posted.hundredths)
    differences.push({ field: 'hours', message: `was ${stored.hundredths / 100}, now ${posted.hundredths / 100}` });
  if (stored.kind !== posted.kind)
    differences.push({ field: 'kind', message: `was ${stored.kind}, now ${posted.kind}` });
  if (stored.approvedAt !== posted.approvedAt)
    differences.push({ field: 'approvedAt', message: `was ${stored.approvedAt}, now ${posted.approvedAt}` });
  return differences;
};

export const conversionTitles: Readonly<Record<(typeof conversionKinds)[number], string>> = {
  xuexiqiangguo: '学习强国积分折算学时',
  research: '科研成果折算学时',
  project: '项目折算学时',
  paper: '论文折算学时',
  other: '其他折算学时',
};

/** The put's place in the entry's newest-wins order: the approval instant, then the content. */
export const putVersionKeyOf = (adjustment: Pick<StoredAdjustment, 'approvedAt' | 'contentHash'>): VersionKey =>
  `${adjustment.approvedAt}#${adjustment.contentHash.slice(0, 16)}` as VersionKey;

/** The revoke's: its time, but never before the approval, so it always wins over the put. */
export const revokeVersionKeyOf = (adjustment: Pick<StoredAdjustment, 'approvedAt'>, revokedAt: string): VersionKey => {
  const at = Math.max(Date.parse(revokedAt), Date.parse(adjustment.approvedAt) + 1);
  return `${new Date(at).toISOString()}#revoked` as VersionKey;
};

export const adjustmentEntryOf = (adjustment: StoredAdjustment): EntryFacts => ({
  source: adjustmentSource,
  recordId: adjustment.adjustmentId,
  versionKey: putVersionKeyOf(adjustment),
  courseCode: '',
  courseTitle: conversionTitles[adjustment.kind],
  category: adjustment.category,
  topic: '',
  topicMatched: null,
  hundredths: adjustment.hundredths,
  completedAt: adjustment.approvedAt,
  creditYear: adjustment.year,
  makeup: false,
  passed: true,
  withdrawn: false,
  conversionKind: adjustment.kind,
});

export const revokeReason = 'revoked on the portal';

/**
 * Everything the ledger must hold for this adjustment: the entry, and its withdrawal once
 * revoked. Both are idempotent, so applying them again (a retried post after a crash
 * between the two writes) changes nothing that is already there.
 */
export const adjustmentOperations = (adjustment: StoredAdjustment): LedgerOperation[] => {
  const operations: LedgerOperation[] = [{ kind: 'put', entry: adjustmentEntryOf(adjustment) }];
  if (adjustment.revokedAt !== undefined) {
    operations.push({
      kind: 'withdraw',
      entryKey: entryKeyOf(adjustmentSource, adjustment.adjustmentId),
      versionKey: revokeVersionKeyOf(adjustment, adjustment.revokedAt),
      reason: revokeReason,
    });
  }
  return operations;
};
