/**
 * The change feed through the local runtime (real DynamoDB Local, the `changes` index): a
 * portal client follows nextCursor while writers keep changing ledgers, and ends with exactly
 * the hub's ledgers, never seeing a ledger go back to an older state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import type { CompletionVersion } from '../../shared/completion.js';
import { completionOf, idCardNoOf, laterBy, personOf, withdrawalOf } from '../support/completions.js';
import { authedGet, devKeys, portalPost } from '../support/hub-client.js';
import { feedVersions, testPersonKeySecret } from '../support/ledger-feeding.js';

/** Short for the test (the cloud keeps 5 s); still above the ledger writer's 2 s attempt bound. */
const settleSeconds = 2.5;
/** Writers pause up to this long between stamping a ledger and writing it, as slow writers do. */
const writeDelayMsMax = 1_500;
const writingMs = 8_000;
/** What the writing phase must give the reader, whatever the machine's load: pages and changes read while writing, ledgers written. */
const pagesWhileWritingMin = 20;
const changesWhileWritingMin = 5;
const ledgersMin = 10;
/** Many ledgers, each changed now and then, so changes settle and are read while writing goes on. */
const people = Array.from({ length: 100 }, (_, i) => idCardNoOf(100 + i));

let hub: RunningHub;

beforeAll(async () => {
  hub = await startTestHub({
    env: { PERSON_KEY_SECRET: testPersonKeySecret, HUB_FEED_SETTLE_SECONDS: String(settleSeconds) },
  });
});
afterAll(async () => {
  await hub?.stop();
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

interface View {
  readonly personRef: string;
  readonly idCardNo: string;
  readonly version: number;
  readonly [key: string]: unknown;
}

/** A portal client keeping its copy of every ledger in sync, as hub-api.md describes. */
class FeedFollower {
  cursor: string | undefined;
  readonly copy = new Map<string, View>();
  pages = 0;
  changes = 0;
  async readPage(limit: number): Promise<number> {
    const query = new URLSearchParams({ limit: String(limit), ...(this.cursor ? { cursor: this.cursor } : {}) });
    const answer = await authedGet(hub.baseUrl, `/v1/ledgers/2024/changes?${query}`, devKeys.portal);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const { changes, nextCursor } = answer.body as { changes: View[]; nextCursor: string };
    expect(changes.length).toBeLessThanOrEqual(limit);
    for (const change of changes) {
      const held = this.copy.get(change.personRef);
      // Never an older (or the same) state after a newer one: each change once, in order.
      if (held)
        expect(
          change.version,
          `ledger ${change.personRef} went from version ${held.version} to ${change.version}`,
        ).toBeGreaterThan(held.version);
      this.copy.set(change.personRef, change);
    }
    if (changes.length === 0 && this.cursor !== undefined) expect(nextCursor).toBe(this.cursor);
    this.cursor = nextCursor;
    this.pages += 1;
    this.changes += changes.length;
    return changes.length;
  }
}

/** Keeps changing ledgers until the deadline: new completions, corrections and withdrawals. */
const writer = async (
  keepWriting: () => boolean,
  records: Map<string, CompletionVersion & { kind: 'completion' }>,
): Promise<number> => {
  let batches = 0;
  let tick = 0;
  while (keepWriting()) {
    const batch: CompletionVersion[] = [];
    for (let i = 0, n = 1 + Math.floor(Math.random() * 4); i < n; i += 1) {
      tick += 1;
      const known = [...records.values()];
      const roll = Math.random();
      if (known.length > 0 && roll < 0.25) {
        const original = pick(known);
        const corrected = {
          ...original,
          versionAt: laterBy(original.versionAt, 1 + tick),
          hundredths: 100 + Math.floor(Math.random() * 900),
        };
        records.set(original.recordId, corrected);
        batch.push(corrected);
      } else if (known.length > 0 && roll < 0.35) {
        const original = pick(known);
        batch.push(
          withdrawalOf({
            platform: original.platform,
            recordId: original.recordId,
            versionAt: laterBy(original.versionAt, 10_000 + tick),
          }),
        );
      } else {
        const completion = completionOf({
          person: personOf(pick(people)),
          category: Math.random() < 0.4 ? 'public' : 'professional',
          course: { code: `C-${Math.floor(Math.random() * 50)}`, title: '课程' },
          hundredths: 50 * (1 + Math.floor(Math.random() * 12)),
        });
        records.set(completion.recordId, completion);
        batch.push(completion);
      }
    }
    await feedVersions(batch, { writeDelayMsMax });
    batches += 1;
  }
  return batches;
};

describe('the change feed', () => {
  it('answers an idle feed with an empty page and the same cursor', async () => {
    const follower = new FeedFollower();
    expect(await follower.readPage(100)).toBe(0);
    const cursor = follower.cursor;
    expect(cursor).toEqual(expect.any(String));
    expect(await follower.readPage(100)).toBe(0);
    expect(follower.cursor).toBe(cursor);
  });

  it('yields every ledger exactly once per change, in order, while writers keep writing, and ends with exactly the hub ledgers', async () => {
    const follower = new FeedFollower();
    const records = new Map<string, CompletionVersion & { kind: 'completion' }>();
    const until = Date.now() + writingMs;
    // At least writingMs, and on until the reader has had its share of pages and changes while writing, however slow a loaded machine makes both.
    const keepWriting = () =>
      Date.now() < until ||
      follower.pages <= pagesWhileWritingMin ||
      follower.changes <= changesWhileWritingMin ||
      new Set([...records.values()].map((r) => r.person.personKey)).size <= ledgersMin;
    const writers = Promise.all([
      writer(keepWriting, records),
      writer(keepWriting, records),
      writer(keepWriting, records),
      writer(keepWriting, records),
    ]);
    let reading = true;
    const reader = (async () => {
      while (reading) {
        await follower.readPage(1 + Math.floor(Math.random() * 12));
        await sleep(30);
      }
    })();
    const batches = await writers;
    reading = false;
    await reader;
    const pagesWhileWriting = follower.pages;
    const changesWhileWriting = follower.changes;

    // The writers have stopped: once their last change has settled, the follower catches up.
    await sleep(settleSeconds * 1000 + 200);
    while ((await follower.readPage(7)) > 0);

    const answer = await portalPost(hub.baseUrl, '/v1/ledgers/query', { year: 2024, idCardNos: people });
    expect(answer.status).toBe(200);
    const hubLedgers = (answer.body.ledgers as View[]).filter((ledger) => ledger.version > 0);
    expect(hubLedgers.length).toBeGreaterThan(ledgersMin);
    expect(new Map(hubLedgers.map((ledger) => [ledger.personRef, ledger]))).toEqual(follower.copy);
    // The feed carries the ID card number the portal matches its records by.
    for (const ledger of follower.copy.values()) expect(people).toContain(ledger.idCardNo);
    console.info(
      `feed: ${batches.reduce((a, b) => a + b, 0)} write batches by ${batches.length} writers; while writing ${pagesWhileWriting} pages with ${changesWhileWriting} changes; in all ${follower.pages} pages, ${follower.changes} changes for ${follower.copy.size} ledgers`,
    );
    expect(pagesWhileWriting).toBeGreaterThan(pagesWhileWritingMin);
    expect(changesWhileWriting).toBeGreaterThan(changesWhileWritingMin);
  });

  it('refuses a limit above 500 and a cursor it did not hand out, naming the parameter', async () => {
    const tooMany = await authedGet(hub.baseUrl, '/v1/ledgers/2024/changes?limit=501', devKeys.portal);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details).toEqual([expect.objectContaining({ field: 'limit' })]);
    const forged = await authedGet(hub.baseUrl, '/v1/ledgers/2024/changes?cursor=bm90LWEtY3Vyc29y', devKeys.portal);
    expect(forged.status).toBe(400);
    expect(forged.body.error.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
    expect((await authedGet(hub.baseUrl, '/v1/ledgers/1999/changes', devKeys.portal)).body.error.details[0].field).toBe(
      'year',
    );
  });
});
