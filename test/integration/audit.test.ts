/**
 * The operators' audit on the running local hub: every ledger of a year recomputed from its
 * entries, page by page through `GET /ops/audit`, finds nothing in what the pipeline wrote and
 * finds a ledger whose stored totals were changed behind its back.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../local/aws-local.js';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { answerOf } from '../support/answer.js';
import { auditCommand, auditYearOf, runAudit } from '../../scripts/ops/audit.js';
import { idCardNoOf } from '../support/completions.js';
import { devKeys, exampleText, postHnu } from '../support/hub-client.js';

let hub: RunningHub;
let db: DynamoDBDocumentClient;

const people = ['36042119850315002x', idCardNoOf(11, '19900307'), idCardNoOf(12, '19751231')];

beforeAll(async () => {
  hub = await startTestHub();
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hub.dynamoEndpoint, region: localRegion, credentials: localCredentials }),
  );
  for (const [i, idCardNo] of people.entries()) {
    const body = exampleText('hnu-completion-created.json')
      .replace('36042119850315002x', idCardNo)
      .replace('HNU-2024-0000123', `HNU-AUDIT-${i}`);
    expect((await postHnu(hub.baseUrl, body, { eventId: `evt_audit_${i}` })).body.status).toBe('accepted');
  }
  await hub.idle();
});
afterAll(async () => {
  db?.destroy();
  await hub?.stop();
});

const opsGet = async (path: string) => {
  const response = await fetch(`${hub.baseUrl}${path}`, { headers: { authorization: `Bearer ${devKeys.ops}` } });
  return answerOf(response);
};

describe('the audit of a year', () => {
  it('finds every ledger of the pipeline in agreement with its entries, over several pages', async () => {
    const run = await runAudit({ baseUrl: hub.baseUrl, key: devKeys.ops, year: 2024, limit: 1 });
    expect(run.checked).toBe(people.length);
    expect(run.findings).toEqual([]);
    expect(run.pages).toBeGreaterThanOrEqual(people.length);
  });

  it('finds a ledger whose stored total was changed, shows only its reference and last 4, and exits 1', async () => {
    const ledgers = (await db.send(new ScanCommand({ TableName: hub.tableName('ledgers') }))).Items ?? [];
    const victim = ledgers[0]!;
    await db.send(
      new UpdateCommand({
        TableName: hub.tableName('ledgers'),
        Key: { personKey: victim.personKey, year: victim.year },
        UpdateExpression: 'SET summary.totalHundredths = :t',
        ExpressionAttributeValues: { ':t': 9_900 },
      }),
    );
    const lines: string[] = [];
    const code = await auditCommand({
      baseUrl: hub.baseUrl,
      key: devKeys.ops,
      year: 2024,
      print: (line) => lines.push(line),
    });
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe(`audit 2024: ${people.length} ledgers checked, 1 with differences`);
    expect(lines[0]).toContain(`p_${victim.personKey}`);
    expect(lines[0]).toContain('stored total 99 学时, entries give 6');
    for (const idCardNo of people) expect(lines.join('\n')).not.toContain(idCardNo.slice(0, 17));
  });

  it('answers 400 naming the field for a bad year or cursor, and 401 without the operators key', async () => {
    expect((await opsGet('/ops/audit')).body.error.message).toMatch(/year/);
    expect((await opsGet('/ops/audit?year=1999')).status).toBe(400);
    const badCursor = await opsGet('/ops/audit?year=2024&cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details).toEqual([{ field: 'cursor', message: 'is not a cursor this hub handed out' }]);
    expect((await fetch(`${hub.baseUrl}/ops/audit?year=2024`)).status).toBe(401);
  });

  it('reads --year from the command line, or says it is required', () => {
    expect(auditYearOf(['--year', '2024'])).toBe(2024);
    expect(() => auditYearOf([])).toThrow(/--year YYYY is required/);
  });
});
