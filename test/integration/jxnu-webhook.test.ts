/**
 * The jxnu batch webhook through the local runtime (DynamoDB Local, SQS server): the spec's
 * example batch to the portal's totals, replay protection across requests, and the refusals.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNonceStore } from '../../aws/nonce-store.js';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import type { TranscriptPage } from '../../shared/api/transcript.js';
import { exampleText, portalLedgerOf, postJxnu as postSignedJxnu } from '../support/hub-client.js';
import { jxnuExampleAnswer } from '../support/examples.js';
import { opsGet } from '../support/ops-client.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

const postJxnu = (
  body: string | Buffer,
  options: { timestamp?: number; nonce?: string; secret?: string; appId?: string } = {},
) =>
  postSignedJxnu(hub.baseUrl, body, {
    appId: hub.env.JXNU_APP_ID as string,
    secret: hub.env.JXNU_APP_SECRET as string,
    ...options,
  });

const ledgerOf = (idCardNo: string, year = 2024) => portalLedgerOf(hub.baseUrl, idCardNo, year);

const example = exampleText('jxnu-batch.json');

describe('the jxnu webhook', () => {
  it('answers the example batch with 4 results in order, record 2 rejected for its check character', async () => {
    const answer = await postJxnu(example);
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: jxnuExampleAnswer,
    });
  });

  it('gives the ledgers the example implies: 李四 3 public 学时, 赵六 2 makeup 学时 from 90 minutes, the withdrawn record not counted', async () => {
    await hub.idle();
    expect(await ledgerOf('360102198001011235')).toMatchObject({
      publicHours: 3,
      professionalHours: 0,
      totalHours: 3,
      entries: 1,
      byPlatform: { jxnu: 3 },
    });
    const zhao = await ledgerOf('36010319881230007X');
    expect(zhao).toMatchObject({
      publicHours: 0,
      professionalHours: 2,
      totalHours: 2,
      entries: 1,
      byTopic: { 绿色食品: 2 },
    });
    expect((await ledgerOf('36010319881230007X', 2025)).entries).toBe(0);
    const transcript = await opsLessTranscript(zhao.personRef);
    expect(transcript.map((e) => [e.recordId, e.state, e.makeup]).sort()).toEqual([
      ['JXNU202401150044', 'revoked', false],
      ['JXNU202412310003', 'counted', true],
    ]);
  });

  it('keeps the rejected record as a failure operators can see, its ID masked', async () => {
    const answer = await opsGet(hub.baseUrl, '/ops/failures?platform=jxnu');
    expect(answer.status).toBe(200);
    const failure = answer.body.failures.find((f: { recordId: string }) => f.recordId === 'JXNU202412310002');
    expect(failure).toMatchObject({
      platform: 'jxnu',
      reasonCode: 'id-check-character',
      message: 'sfzh: check character does not match',
      input: { kind: 'jxnu-record', index: 1, batchNo: '20241231-0007' },
    });
    expect(answer.text).not.toContain('360102198001011234');
  });

  it('changes nothing when the same batch comes again with a new nonce (a retry)', async () => {
    const before = await ledgerOf('360102198001011235');
    expect((await postJxnu(example)).status).toBe(200);
    await hub.idle();
    expect(await ledgerOf('360102198001011235')).toMatchObject({
      publicHours: before.publicHours,
      entries: before.entries,
    });
  });

  it('refuses a replayed nonce with 401', async () => {
    const nonce = randomBytes(8).toString('hex');
    const timestamp = Date.now();
    expect((await postJxnu(example, { nonce, timestamp })).status).toBe(200);
    const replay = await postJxnu(example, { nonce, timestamp });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('unauthorized');
  });

  it('remembers a nonce for its window only, even before DynamoDB’s TTL has deleted it', async () => {
    const store = createNonceStore('jxnu-test', 600);
    const at = new Date('2026-01-01T00:00:00Z');
    expect(await store.claim('n-1', at)).toBe('first-use');
    expect(await store.claim('n-1', new Date(at.getTime() + 599_000))).toBe('replay');
    expect(await store.claim('n-1', new Date(at.getTime() + 601_000))).toBe('first-use');
  });

  it('refuses a timestamp more than 300 s old or ahead with 401', async () => {
    expect((await postJxnu(example, { timestamp: Date.now() - 301_000 })).status).toBe(401);
    expect((await postJxnu(example, { timestamp: Date.now() + 301_000 })).status).toBe(401);
  });

  it('refuses a wrong app id or secret with 401, and a forged request does not use up its nonce', async () => {
    const nonce = randomBytes(8).toString('hex');
    expect((await postJxnu(example, { appId: 'not-ours' })).status).toBe(401);
    expect((await postJxnu(example, { nonce, secret: 'not-the-secret' })).status).toBe(401);
    expect((await postJxnu(example, { nonce })).status).toBe(200);
  });

  it('answers 400 for a body that is not a batch, and 413 over 1 MiB', async () => {
    expect((await postJxnu('{"batch_no":"x"}')).status).toBe(400);
    expect((await postJxnu('not json')).body.error.code).toBe('invalid-body');
    const big = JSON.stringify({ batch_no: 'big', records: [{ xh: 'x', pad: 'a'.repeat(1_048_576) }] });
    expect((await postJxnu(big)).status).toBe(413);
  });
});

/** The transcript through the portal API. */
const opsLessTranscript = async (personRef: string) => {
  const response = await fetch(`${hub.baseUrl}/v1/ledgers/2024/people/${personRef}/entries`, {
    headers: { authorization: 'Bearer dev-portal-key' },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as TranscriptPage).entries;
};
