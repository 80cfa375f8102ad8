/**
 * Mutated hnu and jxnu deliveries, correctly signed, against the running local hub: every answer is a 2xx
 * or a 4xx in the hub's error format (never a 5xx, so no platform retries bad content all
 * day), and nothing that was rejected is credited in any ledger.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { readAllLedgers } from '../../scripts/soak/hub-reads.js';
import { developmentDefaults } from '../../shared/config.js';
import { exampleText, postHnu, postJxnu } from '../support/hub-client.js';
import { fieldMutationArbitrary, getAt, pathsOf, setAt, type Mutation } from '../support/mutations.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

const seed = 20_240_601;
const hnuExample = JSON.parse(exampleText('hnu-completion-created.json')) as Record<string, unknown>;

/** A mutated hnu body (as bytes) with a record id of its own, so what it credits can be found. */
const hnuBodies = (count: number): Array<{ recordId: string; body: string }> => {
  const paths = pathsOf(hnuExample).filter((path) => path.join('.') !== 'data.recordId');
  const textPaths = paths.filter((path) => typeof getAt(hnuExample, path) === 'string');
  const mutation = fc.oneof(
    { weight: 3, arbitrary: fieldMutationArbitrary(hnuExample, paths, textPaths) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Mutation>(
        (body) => setAt(body, ['data', 'course', 'credits'], 0),
        (body) => setAt(body, ['data', 'course', 'credits'], '100.5'),
        (body) => setAt(body, ['data', 'learner', 'idCardNo'], '360421198503150021'),
        (body) => setAt(body, ['data', 'completedAt'], '2999-01-01T00:00:00+08:00'),
        (body) => setAt(body, ['data', 'trainingYear'], 2020),
        (body) => setAt(body, ['event'], 'completion.deleted'),
      ),
    },
  );
  const shape = fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .array(mutation, { minLength: 1, maxLength: 3 })
        .map(
          (mutations) => (recordId: string) =>
            JSON.stringify(
              mutations.reduce((body, mutate) => mutate(body), setAt(hnuExample, ['data', 'recordId'], recordId)),
            ),
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .nat({ max: 300 })
        .map(
          (cut) => (recordId: string) =>
            JSON.stringify(setAt(hnuExample, ['data', 'recordId'], recordId)).slice(0, cut),
        ),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => () => JSON.stringify(value) ?? 'null') },
  );
  return fc
    .sample(shape, { seed, numRuns: count })
    .map((make, i) => ({ recordId: `HNU-FUZZ-${i}`, body: make(`HNU-FUZZ-${i}`) }));
};

const jxnuExample = JSON.parse(exampleText('jxnu-batch.json')) as {
  batch_no: string;
  records: Array<Record<string, unknown>>;
};

/** A mutated jxnu body: a batch of mutated records (each with an xh of its own), or a mutated batch shell, or no batch at all. */
const jxnuBodies = (count: number): Array<{ xhs: string[]; body: string }> => {
  const record = jxnuExample.records[0] as Record<string, unknown>;
  const paths = pathsOf(record).filter((path) => path.join('.') !== 'xh');
  const recordMutation = fc.oneof(
    { weight: 3, arbitrary: fieldMutationArbitrary(record, paths) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Mutation>(
        (value) => setAt(value, ['xxsc'], 0),
        (value) => setAt(value, ['xxsc'], 6001),
        (value) => setAt(value, ['sfzh'], '360102198001011234'),
        (value) => setAt(value, ['wcsj'], '2999-01-01 00:00:00'),
        (value) => setAt(value, ['pxnd'], 2020),
        (value) => setAt(value, ['zt'], 2),
        () => 'not a record',
      ),
    },
  );
  const batch = fc.array(fc.array(recordMutation, { minLength: 0, maxLength: 2 }), { minLength: 1, maxLength: 6 });
  const shape = fc.oneof(
    {
      weight: 8,
      arbitrary: batch.map(
        (records) => (n: number) =>
          records.map((mutations, i) =>
            mutations.reduce<unknown>((value, mutate) => mutate(value), { ...record, xh: `JXNU-FUZZ-${n}-${i}` }),
          ),
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => () => value) },
  );
  return fc.sample(shape, { seed, numRuns: count }).map((make, n) => {
    const made = make(n);
    const body = Array.isArray(made)
      ? JSON.stringify({ batch_no: `FUZZ-${n}`, records: made })
      : (JSON.stringify(made) ?? 'null');
    const xhs = Array.isArray(made) ? made.map((_, i) => `JXNU-FUZZ-${n}-${i}`) : [];
    return { xhs, body };
  });
};

const postSignedJxnu = (body: string) =>
  postJxnu(hub.baseUrl, body, {
    appId: developmentDefaults.JXNU_APP_ID as string,
    secret: developmentDefaults.JXNU_APP_SECRET as string,
  });

describe('mutated, correctly signed deliveries to the running hub', () => {
  it('hnu: 200 bodies get 2xx or 4xx in the hub format, and none that was rejected is credited', async () => {
    const bodies = hnuBodies(200);
    const rejected = new Set<string>();
    const accepted = new Set<string>();
    for (const [i, { recordId, body }] of bodies.entries()) {
      const answer = await postHnu(hub.baseUrl, body, { eventId: `evt_fuzz_${i}` });
      expect({ i, status: answer.status, text: answer.status >= 500 ? answer.text : '' }).toMatchObject({
        i,
        status: expect.any(Number),
        text: '',
      });
      expect(answer.status).toBeLessThan(500);
      expect(typeof answer.body, answer.text).toBe('object');
      if (answer.status >= 400) {
        expect(answer.body).toEqual({
          error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) },
        });
        rejected.add(recordId);
      } else if (answer.body.status === 'rejected') {
        expect(answer.body.error).toMatch(/\S/);
        rejected.add(recordId);
      } else {
        expect(answer.body.status).toBe('accepted');
        accepted.add(recordId);
      }
    }
    expect(rejected.size).toBeGreaterThan(60);
    await hub.idle();
    const ledgers = await readAllLedgers(hub.dynamoEndpoint, hub.tableName('ledgers'));
    for (const ledger of ledgers) {
      for (const entry of Object.values(ledger.entries)) {
        expect(rejected.has(entry.recordId), entry.recordId).toBe(false);
        if (entry.state === 'counted') expect(entry.hundredths).toBeGreaterThan(0);
      }
    }
  });

  it('jxnu: 150 bodies of mutated records get 2xx or 4xx in the hub format, a result per record, and none rejected is credited', async () => {
    const rejected = new Set<string>();
    for (const { xhs, body } of jxnuBodies(150)) {
      const answer = await postSignedJxnu(body);
      expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
      expect(typeof answer.body, answer.text).toBe('object');
      if (answer.status >= 400) {
        expect(answer.body).toEqual({
          error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) },
        });
        for (const xh of xhs) rejected.add(xh);
        continue;
      }
      expect(answer.body.results).toHaveLength(xhs.length);
      answer.body.results.forEach((result: { status: string; error?: string }, i: number) => {
        if (result.status === 'rejected') {
          expect(result.error).toMatch(/\S/);
          rejected.add(xhs[i] as string);
        } else expect(result.status).toBe('accepted');
      });
    }
    expect(rejected.size).toBeGreaterThan(100);
    await hub.idle();
    const ledgers = await readAllLedgers(hub.dynamoEndpoint, hub.tableName('ledgers'));
    for (const ledger of ledgers)
      for (const entry of Object.values(ledger.entries))
        expect(rejected.has(entry.recordId), entry.recordId).toBe(false);
  });
});
