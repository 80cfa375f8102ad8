/** Builders of converted-hours (折算学时) requests: valid by default, overridable. */
import type { AdjustmentRequest } from '../../shared/api/adjustments.js';
import { idCardNoOf } from './completions.js';

let next = 0;

export const adjustmentRequestOf = (overrides: Partial<AdjustmentRequest> = {}): AdjustmentRequest => {
  next += 1;
  return {
    adjustmentId: `ADJ-2024-${String(next).padStart(6, '0')}`,
    idCardNo: idCardNoOf(1) as AdjustmentRequest['idCardNo'],
    year: 2024,
    category: 'public',
    hours: 4,
    kind: 'xuexiqiangguo',
    approvedAt: '2024-11-02T10:00:00+08:00',
    ...overrides,
  };
};
