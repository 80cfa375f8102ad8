/**
 * The foundation's whole path through the local runtime (real DynamoDB Local and SQS server):
 * a signed hnu webhook in, the ledger out to the portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { exampleText, portalLedgerOf, portalPost, postHnu } from '../support/hub-client.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

const query = (idCardNo: string, year = 2024) => portalLedgerOf(hub.baseUrl, idCardNo, year);

describe('an hnu completion on its way to the portal', () => {
  it('is accepted when signed, and the portal then sees 6 professional 学时 for 2024', async () => {
    const answer = await postHnu(hub.baseUrl, exampleText('hnu-completion-created.json'));
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: { eventId: 'evt_test', status: 'accepted' },
    });
    await hub.idle();
    const ledger = await query('36042119850315002X');
    expect(ledger).toMatchObject({
      year: 2024,
      professionalHours: 6,
      publicHours: 0,
      totalHours: 6,
      entries: 1,
      compliant: false,
      byPlatform: { hnu: 6 },
      byTopic: { 新能源: 6 },
    });
    expect(ledger.shortfall).toEqual({ publicHours: 30, professionalHours: 54, totalHours: 84 });
    expect(ledger.personRef).toMatch(/^p_[0-9a-f]{32}$/);
  });

  it('changes nothing when the same event is delivered again', async () => {
    const before = await query('36042119850315002X');
    const again = await postHnu(hub.baseUrl, exampleText('hnu-completion-created.json'));
    expect(again.status).toBe(200);
    await hub.idle();
    expect(await query('36042119850315002X')).toEqual(before);
  });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const body = exampleText('hnu-completion-created.json').replace('"credits": 6', '"credits": 60');
    const answer = await postHnu(hub.baseUrl, body, { secret: 'not-the-secret' });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthorized');
    await hub.idle();
    expect((await query('36042119850315002X')).professionalHours).toBe(6);
  });

  it('refuses a signature older than 300 seconds', async () => {
    const answer = await postHnu(hub.baseUrl, exampleText('hnu-completion-created.json'), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(answer.status).toBe(401);
  });

  it('applies the correction and then the withdrawal of the example record', async () => {
    expect((await postHnu(hub.baseUrl, exampleText('hnu-completion-updated.json'))).body.status).toBe('accepted');
    await hub.idle();
    expect((await query('36042119850315002X')).professionalHours).toBe(4.5);
    expect((await postHnu(hub.baseUrl, exampleText('hnu-completion-revoked.json'))).body.status).toBe('accepted');
    await hub.idle();
    expect(await query('36042119850315002X')).toMatchObject({ professionalHours: 0, entries: 0 });
  });

  it('answers a bad record with its reason and does not credit it', async () => {
    const body = exampleText('hnu-completion-created.json')
      .replace('36042119850315002x', '360421198503150021')
      .replace('HNU-2024-0000123', 'HNU-BAD-1');
    const answer = await postHnu(hub.baseUrl, body);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'rejected',
      error: 'data.learner.idCardNo: check character does not match',
    });
  });

  it('gives a person with no records a ledger of zeros', async () => {
    expect(await query('360102198001011235')).toMatchObject({ totalHours: 0, entries: 0, version: 0, updatedAt: null });
  });

  it('asks the portal for a bearer key', async () => {
    expect(
      (
        await portalPost(
          hub.baseUrl,
          '/v1/ledgers/query',
          { year: 2024, idCardNos: ['360102198001011235'] },
          'wrong-key',
        )
      ).status,
    ).toBe(401);
  });
});
