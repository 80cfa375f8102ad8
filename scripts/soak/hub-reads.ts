/**
 * What the soak reads back from the hub once it is idle: every ledger (a paged scan of the
 * ledgers table with the soak's own client, which no fault touches), every failure operators
 * see (`GET /ops/failures`, paged); the totals the portal sees are read as the simulators read
 * them (sim/hub-ledgers.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { callOps, type OpsTarget } from '../ops/client.js';
import { ledgerFromItem } from '../../aws/ledger-store.js';
import type { Ledger } from '../../shared/ledger/ledger.js';
import type { FailuresPage, FailureView } from '../../shared/ops/failure-view.js';
import { failuresPageSizeMax } from '../../shared/ops/failure-page.js';
import { localCredentials, localRegion } from '../../local/aws-local.js';

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
