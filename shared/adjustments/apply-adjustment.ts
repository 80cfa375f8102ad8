/**
 * Posting and revoking converted hours: first the adjustments table (a conditional put, so
 * the id decides), then the ledger, through the same optimistic-concurrency path as every
 * other ledger change. The ledger step runs after a new put *and* after a duplicate one, and
 * its operations are idempotent: if the process dies between the two writes, the portal's
 * retry (same id, same content) completes the ledger, and nothing is ever counted twice.
 */
import type { AdjustmentRequest } from '../api/adjustments.js';
import type { Ledger } from '../ledger/ledger.js';
import { addressKey, type LedgerAddress } from '../ledger/placement.js';
import type { LedgerWriter } from '../ledger/ports.js';
import { updateLedgers } from '../ledger/update-ledgers.js';
import type { IdCardNo } from '../person/id-card.js';
import type { PersonCrypto } from '../person/person-key.js';
import type { FieldProblem } from '../result.js';
import { isInFuture } from '../rules/classify.js';
import { futureToleranceMinutes, type RuleBook } from '../rules/year-rules.js';
import {
  adjustmentContentOf,
  adjustmentDifferences,
  adjustmentOperations,
  contentHashOf,
  type StoredAdjustment,
} from './adjustment.js';

export interface AdjustmentStore {
  /** Stores the adjustment unless its id exists; then answers the stored one. */
  putIfAbsent(
    adjustment: StoredAdjustment,
  ): Promise<{ readonly created: true } | { readonly created: false; readonly existing: StoredAdjustment }>;
  /** Marks it revoked (the first revoke's time and consumer stay); undefined for an unknown id. */
  markRevoked(
    adjustmentId: string,
    revokedAt: string,
    revokedBy: string,
  ): Promise<{ readonly adjustment: StoredAdjustment; readonly first: boolean } | undefined>;
}

export interface AdjustmentPorts {
  readonly adjustments: AdjustmentStore;
  readonly ledgers: LedgerWriter;
  readonly rules: RuleBook;
  readonly crypto: PersonCrypto;
  readonly clock?: () => Date;
}

export type PostOutcome =
  | { readonly kind: 'invalid'; readonly problems: readonly FieldProblem[] }
  | { readonly kind: 'conflict'; readonly differences: readonly FieldProblem[] }
  | { readonly kind: 'created' | 'unchanged'; readonly adjustment: StoredAdjustment; readonly ledger: Ledger };

export type RevokeOutcome =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'revoked' | 'already-revoked'; readonly adjustment: StoredAdjustment; readonly ledger: Ledger };

export class AdjustmentLedgerError extends Error {
  override readonly name = 'AdjustmentLedgerError';
}

const addressOf = (adjustment: StoredAdjustment): LedgerAddress => ({
  personKey: adjustment.personKey,
  year: adjustment.year,
});

/** Brings the ledger in line with the stored adjustment and reads it back. */
const applyToLedger = async (adjustment: StoredAdjustment, ports: AdjustmentPorts): Promise<Ledger> => {
  const address = addressOf(adjustment);
  const owner = { ...address, idCardEnc: adjustment.idCardEnc, idCardLast4: adjustment.idCardLast4 };
  const [settled] = await updateLedgers(
    ports.ledgers,
    [{ address, owner, operations: adjustmentOperations(adjustment) }],
    ports.rules,
    ports.clock,
  );
  if (!settled?.ok)
    throw new AdjustmentLedgerError(`adjustment ${adjustment.adjustmentId}: the ledger write failed`, {
      cause: settled?.error,
    });
  const ledger = (await ports.ledgers.getMany([address])).get(addressKey(address));
  if (!ledger)
    throw new AdjustmentLedgerError(`adjustment ${adjustment.adjustmentId}: the ledger is missing after the write`);
  return ledger;
};

/** The ports' clock now, or the system's when none is given. */
const nowFor = (ports: AdjustmentPorts): Date => (ports.clock ? ports.clock() : new Date());

export const postAdjustment = async (
  request: AdjustmentRequest,
  consumer: string,
  ports: AdjustmentPorts,
): Promise<PostOutcome> => {
  const now = nowFor(ports);
  if (!ports.rules.has(request.year))
    return { kind: 'invalid', problems: [{ field: 'year', message: `no rules are configured for ${request.year}` }] };
  if (isInFuture(new Date(request.approvedAt), now)) {
    return {
      kind: 'invalid',
      problems: [{ field: 'approvedAt', message: `is more than ${futureToleranceMinutes} minutes in the future` }],
    };
  }
  const idCardNo = request.idCardNo as IdCardNo;
  const content = adjustmentContentOf(request, ports.crypto.personKey(idCardNo));
  const candidate: StoredAdjustment = {
    adjustmentId: request.adjustmentId,
    ...content,
    contentHash: contentHashOf(content),
    idCardEnc: ports.crypto.encrypt(idCardNo),
    idCardLast4: idCardNo.slice(-4),
    postedAt: now.toISOString(),
    postedBy: consumer,
  };
  const stored = await ports.adjustments.putIfAbsent(candidate);
  if (!stored.created) {
    const differences = adjustmentDifferences(stored.existing, content);
    if (differences.length > 0) return { kind: 'conflict', differences };
  }
  const adjustment = stored.created ? candidate : stored.existing;
  return { kind: stored.created ? 'created' : 'unchanged', adjustment, ledger: await applyToLedger(adjustment, ports) };
};

export const revokeAdjustment = async (
  adjustmentId: string,
  consumer: string,
  ports: AdjustmentPorts,
): Promise<RevokeOutcome> => {
  const now = nowFor(ports);
  const marked = await ports.adjustments.markRevoked(adjustmentId, now.toISOString(), consumer);
  if (!marked) return { kind: 'unknown' };
  return {
    kind: marked.first ? 'revoked' : 'already-revoked',
    adjustment: marked.adjustment,
    ledger: await applyToLedger(marked.adjustment, ports),
  };
};
