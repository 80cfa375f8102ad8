/**
 * What the soak reads back from the hub once it is idle: every ledger (a paged scan of the
 * ledgers table with the soak's own client, which no fault touches), every failure operators
 * see (`GET /ops/failures`, paged), and the totals the portal sees (`POST /v1/ledgers/query`,
 * 100 people a request).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { callOps, type OpsTarget } from '../ops/client.js';
import { ledgerFromItem } from '../../aws/ledger-store.js';
import type { Ledger } from '../../shared/ledger/ledger.js';
import type { FailuresPage, FailureView } from '../../shared/ops/failure-view.js';
import { failuresPageSizeMax } from '../../shared/ops/failure-page.js';
import { localCredentials, localRegion } from '../../local/aws-local.js';

/** The portal's limit of people per `ledgers/query`. */
export const peoplePerQueryMax = 100;
const scanPageItems = 500;

export const readAllLedgers = async (endpoint: string, table: string): Promise<Ledger[]> => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials }),
  );
  try {
    const ledgers: Ledger[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: table,
          ConsistentRead: true,
          Limit: scanPageItems,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) ledgers.push(ledgerFromItem(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return ledgers;
  } finally {
    client.destroy();
  }
};

export const readAllFailures = async (target: OpsTarget): Promise<FailureView[]> => {
  const failures: FailureView[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${failuresPageSizeMax}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { body: FailuresPage } = await callOps<FailuresPage>(target, 'GET', `/ops/failures${query}`);
    failures.push(...page.body.failures);
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return failures;
};

export class PortalReadError extends Error {
  override readonly name = 'PortalReadError';
}

export interface PortalTotals {
  readonly idCardNo: string;
  readonly year: number;
  readonly totalHours: number;
  readonly publicHours: number;
  readonly professionalHours: number;
  readonly entries: number;
}

/** The portal's view of each person's ledger for a year. */
export const readPortalTotals = async (
  baseUrl: string,
  portalKey: string,
  year: number,
  idCardNos: readonly string[],
): Promise<PortalTotals[]> => {
  const found: PortalTotals[] = [];
  for (let i = 0; i < idCardNos.length; i += peoplePerQueryMax) {
    const response = await fetch(`${baseUrl}/v1/ledgers/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${portalKey}` },
      body: JSON.stringify({ year, idCardNos: idCardNos.slice(i, i + peoplePerQueryMax) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw new PortalReadError(`POST /v1/ledgers/query answered ${response.status}: ${text.slice(0, 200)}`);
    found.push(...(JSON.parse(text) as { ledgers: PortalTotals[] }).ledgers);
  }
  return found;
};
