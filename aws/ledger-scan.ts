/**
 * Reads every ledger of a year, page by page, for the operators' audit (a Scan is fine for an
 * operator's occasional audit; the portal never scans). The cursor is DynamoDB's
 * LastEvaluatedKey, base64url JSON, checked when it comes back.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ScannedLedger } from '../shared/ledger/audit-report.js';
import { dynamo, tableNameOf } from './clients.js';
import { ledgerFromItem } from './ledger-store.js';

const cursorKeySchema = z.object({ personKey: z.string().regex(/^[0-9a-f]{32}$/), year: z.number().int() }).strict();

export class AuditCursorError extends Error {
  override readonly name = 'AuditCursorError';
}

export const encodeScanCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** The scan's start key from a cursor, or an AuditCursorError that says what is wrong with it. */
export const decodeScanCursor = (cursor: string): { personKey: string; year: number } => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new AuditCursorError('cursor: is not a cursor this hub handed out', { cause });
  }
  const parsed = cursorKeySchema.safeParse(value);
  if (!parsed.success)
    throw new AuditCursorError('cursor: is not a cursor this hub handed out', { cause: parsed.error });
  return parsed.data;
};

export interface ScanPage {
  readonly items: ScannedLedger[];
  readonly nextCursor: string | null;
}

/** One page of the year's ledgers (`limit` items read before the year filter). */
export const scanLedgersOfYear = async (year: number, cursor: string | undefined, limit: number): Promise<ScanPage> => {
  const answer = await dynamo().send(
    new ScanCommand({
      TableName: tableNameOf('ledgers'),
      FilterExpression: '#year = :year',
      ExpressionAttributeNames: { '#year': 'year' },
      ExpressionAttributeValues: { ':year': year },
      Limit: limit,
      ConsistentRead: true,
      ...(cursor === undefined ? {} : { ExclusiveStartKey: decodeScanCursor(cursor) }),
    }),
  );
  const items = (answer.Items ?? []).map((item): ScannedLedger => {
    try {
      return { ok: true, ledger: ledgerFromItem(item) };
    } catch (error) {
      // A stored item that is not a ledger is itself a finding of the audit.
      return {
        ok: false,
        personKey: String(item.personKey),
        year: Number(item.year),
        idCardLast4: String(item.idCardLast4 ?? '????').slice(-4),
        message: (error as Error).message,
      };
    }
  });
  return { items, nextCursor: answer.LastEvaluatedKey ? encodeScanCursor(answer.LastEvaluatedKey) : null };
};
