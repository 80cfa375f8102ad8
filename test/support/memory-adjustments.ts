/** An in-memory adjustments table with the contract of aws/adjustment-store.ts (conditional put, revoke once). */
import { storedAdjustmentSchema, type StoredAdjustment } from '../../shared/adjustments/adjustment.js';
import type { AdjustmentStore } from '../../shared/adjustments/apply-adjustment.js';
import { tick } from './memory-ports.js';

export class MemoryAdjustments implements AdjustmentStore {
  readonly items = new Map<string, StoredAdjustment>();
  async putIfAbsent(adjustment: StoredAdjustment) {
    await tick();
    const existing = this.items.get(adjustment.adjustmentId);
    if (existing) return { created: false as const, existing: structuredClone(existing) };
    this.items.set(adjustment.adjustmentId, storedAdjustmentSchema.parse(structuredClone(adjustment)));
    return { created: true as const };
  }
  async markRevoked(adjustmentId: string, revokedAt: string, revokedBy: string) {
    await tick();
    const existing = this.items.get(adjustmentId);
    if (!existing) return undefined;
    const first = existing.revokedAt === undefined;
    const adjustment = first ? { ...existing, revokedAt, revokedBy } : existing;
    this.items.set(adjustmentId, adjustment);
    return { adjustment: structuredClone(adjustment), first };
  }
}
