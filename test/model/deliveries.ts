/**
 * What the platforms deliver, in their own wire shapes (platforms.md): hnu events, jxnu batches
 * with their request timestamp, wangti export pages of CSV rows. Both the model and the senders
 * read these, so the model judges exactly what the hub receives.
 */
import { specWangtiHeader } from '../support/spec-text.js';

export interface HnuDelivery {
  readonly platform: 'hnu';
  /** `X-HNU-Event-Id`: the same on a retry. */
  readonly eventId: string;
  readonly body: Record<string, unknown>;
}

export interface JxnuDelivery {
  readonly platform: 'jxnu';
  /** `X-Jxnu-Timestamp` (unix ms): every record's version time. */
  readonly timestampMs: number;
  readonly body: { readonly batch_no: string; readonly records: readonly Record<string, unknown>[] };
}

/** The export's header row, in its order, as platforms.md shows it (read from the spec itself). */
export const wangtiColumns = specWangtiHeader();
/** A row by column name (the spec's header names the columns; a missing cell reads as empty). */
export type WangtiRow = Readonly<Record<string, string>>;

export interface WangtiPage {
  readonly platform: 'wangti';
  readonly rows: readonly WangtiRow[];
}

/** Converted hours (折算学时) from the provincial portal (hub-api.md): a post, or a revocation of one. */
export interface AdjustmentDelivery {
  readonly platform: 'portal';
  readonly action: 'post' | 'revoke';
  readonly adjustmentId: string;
  /** The post's body (hub-api.md's fields); absent for a revocation. */
  readonly body?: Readonly<Record<string, unknown>>;
}

export type Delivery = HnuDelivery | JxnuDelivery | WangtiPage | AdjustmentDelivery;

/** One generated case: its deliveries in arrival order, the people it names, and when it was sent. */
export interface RenderedCase {
  readonly caseNo: number;
  readonly deliveries: readonly Delivery[];
  /** Valid, normalised ID card numbers of the case's people. */
  readonly people: readonly string[];
  readonly sentAtMs: number;
}
