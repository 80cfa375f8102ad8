/**
 * Converted hours as rules.md and hub-api.md state them: idempotent by id (the same content
 * again changes nothing, other content is a conflict), withdrawable, counted toward their
 * category in their year, shown apart as converted hours. Applied in arrival order.
 */
import type { AdjustmentDelivery, Delivery } from '../deliveries.js';
import { parseIso } from './beijing-time.js';
import type { Category } from './topics.js';

export interface ModelAdjustment {
  readonly adjustmentId: string;
  readonly idCardNo: string;
  readonly year: number;
  readonly category: Category;
  readonly hundredths: number;
  readonly approvedAtMs: number;
  readonly revoked: boolean;
}

/** What the portal's call must answer: taken (2xx) or refused as a conflicting re-post (409). */
export type AdjustmentAnswer = 'taken' | 'conflict';

const contentOf = (body: AdjustmentDelivery['body']) => JSON.stringify(body);

export const modelAdjustments = (
  deliveries: readonly Delivery[],
): { answers: (AdjustmentAnswer | undefined)[]; adjustments: ModelAdjustment[] } => {
  const posted = new Map<string, { content: string; adjustment: ModelAdjustment }>();
  const answers = deliveries.map((delivery): AdjustmentAnswer | undefined => {
    if (delivery.platform !== 'portal') return undefined;
    const known = posted.get(delivery.adjustmentId);
    if (delivery.action === 'revoke') {
      if (known) posted.set(delivery.adjustmentId, { ...known, adjustment: { ...known.adjustment, revoked: true } });
      return 'taken';
    }
    if (known) return known.content === contentOf(delivery.body) ? 'taken' : 'conflict';
    const body = delivery.body as {
      idCardNo: string;
      year: number;
      category: Category;
      hours: number;
      approvedAt: string;
    };
    posted.set(delivery.adjustmentId, {
      content: contentOf(delivery.body),
      adjustment: {
        adjustmentId: delivery.adjustmentId,
        idCardNo: body.idCardNo.trim().toUpperCase(),
        year: body.year,
        category: body.category,
        hundredths: Math.round(body.hours * 100),
        approvedAtMs: parseIso(body.approvedAt)!,
        revoked: false,
      },
    });
    return 'taken';
  });
  return { answers, adjustments: [...posted.values()].map((p) => p.adjustment) };
};
