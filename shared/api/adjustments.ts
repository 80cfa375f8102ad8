/**
 * `POST /v1/adjustments` and `POST /v1/adjustments/{adjustmentId}/revoke`: converted hours
 * (折算学时) approved on the portal. The schemas validate the requests and generate the
 * OpenAPI document.
 */
import * as z from 'zod';
import { hoursMax, hoursStep } from '../hours.js';
import { conversionKinds } from '../ledger/entry.js';
import { idCardNoSchema } from '../person/id-card.js';
import { ledgerViewSchema } from './ledger-view.js';
import { creditYearBodySchema } from './portal-schemas.js';

/** An adjustment id becomes the entry's record id, so it keeps to the record id's length. */
export const adjustmentIdLengthMax = 64;

export const adjustmentIdSchema = z
  .string()
  .min(1)
  .max(adjustmentIdLengthMax)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be letters, digits and . _ : - only, starting with a letter or digit')
  .meta({
    description: "The portal's id of the approved conversion; posting is idempotent by it",
    example: 'ADJ-2024-000042',
  });

export const adjustmentRequestSchema = z
  .object({
    adjustmentId: adjustmentIdSchema,
    idCardNo: idCardNoSchema.meta({
      description: 'ID card number (18 characters, check character verified)',
      example: '36042119850315002X',
    }),
    year: creditYearBodySchema,
    category: z
      .enum(['public', 'professional'])
      .meta({ description: 'Public subjects (公需科目) or professional subjects (专业科目)' }),
    hours: z
      .number()
      .positive()
      .max(hoursMax)
      .multipleOf(hoursStep, 'must have at most two decimals')
      .meta({ description: `学时: more than 0, at most ${hoursMax}, at most two decimals`, example: 4 }),
    kind: z
      .enum(conversionKinds)
      .meta({ description: 'What was converted: 学习强国 points, a research result, a project, a paper, or other' }),
    approvedAt: z.iso
      .datetime({ offset: true })
      .meta({ description: 'When the portal approved it, ISO 8601 with offset', example: '2024-11-02T10:00:00+08:00' }),
  })
  .meta({
    id: 'AdjustmentRequest',
    description: 'Converted hours (折算学时) approved on the portal',
    example: {
      adjustmentId: 'ADJ-2024-000042',
      idCardNo: '36042119850315002X',
      year: 2024,
      category: 'public',
      hours: 4,
      kind: 'xuexiqiangguo',
      approvedAt: '2024-11-02T10:00:00+08:00',
    },
  });
export type AdjustmentRequest = z.infer<typeof adjustmentRequestSchema>;

export const adjustmentPathSchema = z.object({ adjustmentId: adjustmentIdSchema });

export const adjustmentOutcomes = ['created', 'unchanged', 'revoked', 'already-revoked'] as const;

export const adjustmentResultSchema = z
  .object({
    adjustmentId: z.string(),
    outcome: z.enum(adjustmentOutcomes).meta({
      description:
        '`created`: first post of this id; `unchanged`: the same id with the same content was posted before; `revoked`: this request revoked it; `already-revoked`: it was revoked before',
    }),
    revoked: z.boolean(),
    revokedAt: z.string().nullable().meta({ description: 'When it was revoked, Beijing time; null while it counts' }),
    ledger: ledgerViewSchema.meta({ description: "The person's ledger for the year after the adjustment" }),
  })
  .meta({ id: 'AdjustmentResult' });
export type AdjustmentResult = z.infer<typeof adjustmentResultSchema>;
