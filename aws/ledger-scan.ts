/**
 * Reads every ledger of a year, page by page, for the operators' audit (a Scan is fine for an
 * operator's occasional audit; the portal never scans). The cursor is DynamoDB's
 * LastEvaluatedKey, the ledgers table's key (shared/ledger/audit-report.ts encodeAuditCursor).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditPosition, ScannedLedger } from '../shared/ledger/audit-report.js';
import { dynamo, tableNameOf } from './clients.js';
import { ledgerFromItem } from './ledger-store.js';

export interface ScanPage {
  readonly items: ScannedLedger[];
  /** Where the scan stopped; null when the table has been read to its end. */
  readonly next: AuditPosition | null;
}

/** One page of the year's ledgers (`limit` items read before the year filter). */
export const scanLedgersOfYear = async (
  year: number,
  after: AuditPosition | undefined,
  limit: number,
): Promise<ScanPage> => {
  const answer = await dynamo().send(
    new ScanCommand({
      TableName: tableNameOf('ledgers'),
      FilterExpression: '#year = :year',
      ExpressionAttributeNames: { '#year': 'year' },
      ExpressionAttributeValues: { ':year': year },
      Limit: limit,
      ConsistentRead: true,
      ...(after === undefined ? {} : { ExclusiveStartKey: { personKey: after.personKey, year: after.year } }),
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
  const last = answer.LastEvaluatedKey;
  return { items, next: last ? { personKey: String(last.personKey), year: Number(last.year) } : null };
};
