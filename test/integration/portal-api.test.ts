/**
 * The portal's routes through the local runtime (real DynamoDB Local): totals for 100 people
 * at once, a transcript read page by page, and converted hours posted, re-posted, refused and
 * revoked, showing in the totals and the transcript.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { personRefOf } from '../../shared/person/person-key.js';
import { adjustmentRequestOf } from '../support/adjustments.js';
import { completionOf, idCardNoOf, laterBy, personOf, withdrawalOf } from '../support/completions.js';
import { authedGet, devKeys, portalPost } from '../support/hub-client.js';
import { feedVersions, testPersonKeySecret } from '../support/ledger-feeding.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startTestHub({
    env: { PERSON_KEY_SECRET: testPersonKeySecret },
  });
});
afterAll(async () => {
  await hub?.stop();
});

const query = async (idCardNos: string[], year = 2024) =>
  portalPost(hub.baseUrl, '/v1/ledgers/query', { year, idCardNos });
const ledgerOf = async (idCardNo: string) => (await query([idCardNo])).body.ledgers[0];
const transcript = (idCardNo: string, params = '') =>
  authedGet(
    hub.baseUrl,
    `/v1/ledgers/2024/people/${personRefOf(personOf(idCardNo).personKey)}/entries${params}`,
    devKeys.portal,
  );

describe('totals for many people', () => {
  it('answers 100 people at once, in the order asked, with zeros for people without records', async () => {
    const people = Array.from({ length: 100 }, (_, i) => idCardNoOf(300 + i));
    await feedVersions(
      people
        .filter((_, i) => i % 2 === 0)
        .map((idCardNo, i) => completionOf({ person: personOf(idCardNo), hundredths: 100 + i })),
    );
    const answer = await query(people);
    expect(answer.status).toBe(200);
    expect(answer.body.ledgers.map((l: { idCardNo: string }) => l.idCardNo)).toEqual(people);
    expect(answer.body.ledgers[0]).toMatchObject({ professionalHours: 1, entries: 1, version: 1 });
    expect(answer.body.ledgers[1]).toMatchObject({ totalHours: 0, entries: 0, version: 0, updatedAt: null });
  });

  it('refuses 101 people naming idCardNos', async () => {
    const answer = await query(Array.from({ length: 101 }, (_, i) => idCardNoOf(300 + i)));
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].field).toBe('idCardNos');
  });
});

describe('a transcript', () => {
  const student = idCardNoOf(501);
  const person = personOf(student);
  const at = (day: number) => new Date(Date.UTC(2024, 2, day, 2)).toISOString();

  beforeAll(async () => {
    await feedVersions([
      ...Array.from({ length: 9 }, (_, i) =>
        completionOf({
          person,
          recordId: `T-${i}`,
          completedAt: at(i + 1),
          course: { code: `C-${i}`, title: `课程 ${i}` },
        }),
      ),
      completionOf({ person, recordId: 'T-repeat', completedAt: at(20), course: { code: 'C-0', title: '课程 0' } }),
      completionOf({
        person,
        recordId: 'T-failed',
        completedAt: at(21),
        passed: false,
        course: { code: 'C-F', title: '未通过' },
      }),
      completionOf({
        person,
        recordId: 'T-gone',
        completedAt: at(22),
        course: { code: 'C-G', title: '撤销' },
        versionAt: '2024-03-01T00:00:00.000Z',
      }),
    ]);
    await feedVersions([withdrawalOf({ recordId: 'T-gone', versionAt: laterBy('2024-03-01T00:00:00.000Z', 60) })]);
  });

  it('lists every entry newest first with its state and why, page by page', async () => {
    const seen: Array<{ recordId: string; state: string; stateReason: string; completedAt: string }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer = await transcript(student, `?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      expect(answer.body.entries.length).toBeLessThanOrEqual(5);
      seen.push(...answer.body.entries);
      cursor = answer.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen.map((e) => e.recordId)).toEqual([
      'T-gone',
      'T-failed',
      'T-repeat',
      'T-8',
      'T-7',
      'T-6',
      'T-5',
      'T-4',
      'T-3',
      'T-2',
      'T-1',
      'T-0',
    ]);
    expect(seen.find((e) => e.recordId === 'T-gone')).toMatchObject({ state: 'revoked' });
    expect(seen.find((e) => e.recordId === 'T-failed')).toMatchObject({
      state: 'not-passed',
      stateReason: 'exam not passed',
    });
    expect(seen.find((e) => e.recordId === 'T-repeat')).toMatchObject({
      state: 'repeat',
      stateReason: 'repeat of course C-0: record T-0 counts',
    });
    expect(seen[0]?.completedAt).toBe('2024-03-22T10:00:00+08:00');
  });

  it('is empty for a person the hub has no records of', async () => {
    const answer = await transcript(idCardNoOf(999));
    expect(answer).toMatchObject({ status: 200, body: { entries: [], nextCursor: null, version: 0 } });
  });

  it('refuses a malformed personRef and a limit above 500, naming them', async () => {
    const bad = await authedGet(hub.baseUrl, '/v1/ledgers/2024/people/36010219800101134X/entries', devKeys.portal);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('personRef');
    const big = await transcript(student, '?limit=501');
    expect(big.status).toBe(400);
    expect(big.body.error.details[0].field).toBe('limit');
  });
});

describe('converted hours', () => {
  const holder = idCardNoOf(601);

  it('are counted in their category, as converted hours and under portal, and listed in the transcript', async () => {
    await feedVersions([completionOf({ person: personOf(holder), category: 'public', hundredths: 1000 })]);
    const posted = await portalPost(
      hub.baseUrl,
      '/v1/adjustments',
      adjustmentRequestOf({ adjustmentId: 'ADJ-IT-1', idCardNo: holder as never, category: 'public', hours: 4.5 }),
    );
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({
      adjustmentId: 'ADJ-IT-1',
      outcome: 'created',
      revoked: false,
      revokedAt: null,
    });
    expect(posted.body.ledger).toMatchObject({
      idCardNo: holder,
      publicHours: 14.5,
      convertedHours: 4.5,
      byPlatform: { hnu: 10, portal: 4.5 },
    });
    expect(await ledgerOf(holder)).toEqual(posted.body.ledger);
    const entries = (await transcript(holder)).body.entries;
    expect(entries).toContainEqual(
      expect.objectContaining({
        platform: 'portal',
        recordId: 'ADJ-IT-1',
        hours: 4.5,
        conversionKind: 'xuexiqiangguo',
        state: 'counted',
      }),
    );
  });

  it('answer the same id with the same content 200 and change nothing', async () => {
    const before = await ledgerOf(holder);
    const again = await portalPost(
      hub.baseUrl,
      '/v1/adjustments',
      adjustmentRequestOf({ adjustmentId: 'ADJ-IT-1', idCardNo: holder as never, category: 'public', hours: 4.5 }),
    );
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('unchanged');
    expect(await ledgerOf(holder)).toEqual(before);
  });

  it('answer the same id with other content 409 naming the difference', async () => {
    const before = await ledgerOf(holder);
    const other = await portalPost(
      hub.baseUrl,
      '/v1/adjustments',
      adjustmentRequestOf({
        adjustmentId: 'ADJ-IT-1',
        idCardNo: holder as never,
        category: 'professional',
        hours: 4.5,
      }),
    );
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({
      code: 'adjustment-conflict',
      details: [{ field: 'category', message: 'was public, now professional' }],
    });
    expect(await ledgerOf(holder)).toEqual(before);
  });

  it('refuse a malformed body naming each field', async () => {
    const bad = await portalPost(hub.baseUrl, '/v1/adjustments', {
      ...adjustmentRequestOf(),
      hours: 1.234,
      kind: 'gift',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['hours', 'kind']);
  });

  it('are withdrawn from the totals by a revoke, stay in the transcript as revoked, and a second revoke changes nothing', async () => {
    const revoked = await portalPost(hub.baseUrl, '/v1/adjustments/ADJ-IT-1/revoke', {});
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      outcome: 'revoked',
      revoked: true,
      ledger: { publicHours: 10, convertedHours: 0, byPlatform: { hnu: 10 } },
    });
    expect(revoked.body.revokedAt).toMatch(/\+08:00$/);
    const entries = (await transcript(holder)).body.entries;
    expect(entries).toContainEqual(
      expect.objectContaining({ platform: 'portal', recordId: 'ADJ-IT-1', state: 'revoked' }),
    );
    const before = await ledgerOf(holder);
    const again = await portalPost(hub.baseUrl, '/v1/adjustments/ADJ-IT-1/revoke', {});
    expect(again.body).toMatchObject({ outcome: 'already-revoked', revokedAt: revoked.body.revokedAt });
    expect(await ledgerOf(holder)).toEqual(before);
  });

  it('answer a revoke of an unknown id 404', async () => {
    const answer = await portalPost(hub.baseUrl, '/v1/adjustments/ADJ-NOPE/revoke', {});
    expect(answer.status).toBe(404);
    expect(answer.body.error.details[0].field).toBe('adjustmentId');
  });
});
