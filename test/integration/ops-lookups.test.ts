/**
 * The person and record lookups through the local runtime: one person's hnu records tell each
 * story a lookup must explain — a correction (the older version superseded), a repeat of a
 * course, a withdrawn record (revoked), and a record rejected although its ID card number was
 * valid — in an operator view that shows the number's last 4 characters only and no name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { startLogCapture } from '../../scripts/soak/log-capture.js';
import { idCardNoOf } from '../support/completions.js';
import { hnuBodyOf } from '../support/hnu-bodies.js';
import { devKeys, postHnu } from '../support/hub-client.js';
import { runOps } from '../../scripts/ops/commands.js';
import type { Answer } from '../support/answer.js';
import { opsGet, opsPostJson } from '../support/ops-client.js';

const person = idCardNoOf(600, '19900303');
const last4 = `****${person.slice(-4)}`;
let hub: RunningHub;

const created = (recordId: string, changes: Record<string, string> = {}) =>
  hnuBodyOf({ '36042119850315002x': person, 'HNU-2024-0000123': recordId, ...changes });
const revoked = (recordId: string) =>
  JSON.stringify({
    event: 'completion.revoked',
    eventId: `evt_rev_${recordId}`,
    occurredAt: '2025-01-05T15:00:00+08:00',
    data: { recordId, reason: '考试作弊，成绩作废' },
  });
const updated = (recordId: string) =>
  created(recordId, {
    '"event": "completion.created"': '"event": "completion.updated"',
    '"occurredAt": "2024-12-31T23:40:12+08:00"': '"occurredAt": "2025-01-03T09:12:00+08:00"',
    '"credits": 6': '"credits": "4.5"',
  });

beforeAll(async () => {
  hub = await startTestHub();
  const deliveries: Array<[string, string]> = [
    ['evt_lk_1', created('HNU-LK-1')],
    ['evt_lk_2', created('HNU-LK-2', { '2024-12-31T23:40:12+08:00': '2024-12-31T23:50:00+08:00' })],
    ['evt_lk_3', created('HNU-LK-3', { 'HNU-C-0042': 'HNU-C-0099' })],
    ['evt_lk_1u', updated('HNU-LK-1')],
    ['evt_lk_3r', revoked('HNU-LK-3')],
  ];
  for (const [eventId, body] of deliveries) expect((await postHnu(hub.baseUrl, body, { eventId })).status).toBe(200);
  const rejected = await postHnu(hub.baseUrl, created('HNU-LK-4', { '"credits": 6': '"credits": 5000' }), {
    eventId: 'evt_lk_4',
  });
  expect(rejected.body).toMatchObject({ status: 'rejected' });
  await hub.idle();
});
afterAll(async () => {
  await hub?.stop();
});

const lookUp = async (body: unknown) => opsPostJson(hub.baseUrl, '/ops/people/lookup', body);
const entryOf = (answer: Answer, recordId: string) =>
  answer.body.ledgers[0].entries.find((e: { recordId: string }) => e.recordId === recordId);

describe('the person lookup', () => {
  it('explains a correction, a repeat and a revoked entry, version by version', async () => {
    const answer = await lookUp({ idCardNo: person });
    expect(answer.status).toBe(200);
    expect(answer.body.person).toEqual({ idCardNo: last4, personRef: expect.stringMatching(/^p_[0-9a-f]{32}$/) });
    expect(answer.body.ledgers).toHaveLength(1);
    expect(answer.body.ledgers[0].ledger).toMatchObject({ idCardNo: last4, year: 2024, professionalHours: 4.5 });

    const corrected = entryOf(answer, 'HNU-LK-1');
    expect(corrected).toMatchObject({
      platform: 'hnu',
      hours: 4.5,
      state: 'counted',
      ledger: { idCardNo: last4, year: 2024 },
    });
    expect(corrected.versions.map((v: { effect: string }) => v.effect)).toEqual(['superseded', 'decides']);
    expect(corrected.versions[0]).toMatchObject({
      kind: 'completion',
      versionAt: '2024-12-31T15:40:12.000Z',
      receivedAt: expect.any(String),
    });

    expect(entryOf(answer, 'HNU-LK-2')).toMatchObject({
      state: 'repeat',
      stateReason: expect.stringContaining('HNU-LK-1'),
    });
    const withdrawn = entryOf(answer, 'HNU-LK-3');
    expect(withdrawn).toMatchObject({ state: 'revoked', stateReason: expect.stringContaining('考试作弊') });
    expect(withdrawn.versions.map((v: { kind: string; effect: string }) => `${v.kind}:${v.effect}`)).toEqual([
      'completion:decides',
      'withdrawal:withdrew',
    ]);
  });

  it('lists the failures that name the person: the record rejected although its ID card number was valid', async () => {
    const answer = await lookUp({ idCardNo: person });
    expect(answer.body.failures).toEqual([
      expect.objectContaining({
        platform: 'hnu',
        recordId: 'HNU-LK-4',
        stage: 'record',
        reasonCode: expect.not.stringMatching(/^invalid-record$/),
        message: expect.stringContaining('credits'),
      }),
    ]);
    expect(answer.body.failures[0].input.payload.data.learner).toEqual({
      idCardNo: last4,
      name: '***',
      employer: '江西省科学院',
    });
  });

  it('shows the number by its last 4 characters only, and no name', async () => {
    const text = JSON.stringify((await lookUp({ idCardNo: person })).body);
    expect(text).not.toContain(person);
    expect(text).not.toContain(person.slice(0, 14));
    expect(text).not.toContain('张三');
  });

  it("is logged with the name of the operator's key, the person by reference and last 4 only", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookup-log-'));
    const capture = startLogCapture(join(dir, 'log.jsonl'));
    let lines: string[] = [];
    try {
      await lookUp({ idCardNo: person });
    } finally {
      await capture.stop();
      for await (const line of capture.lines()) lines.push(line);
      rmSync(dir, { recursive: true, force: true });
    }
    // One log entry a chunk: in the tests Powertools writes indented JSON (vitest.config.ts: POWERTOOLS_DEV), one line each in Lambda.
    lines = lines
      .join('\n')
      .split(/\n(?=\{)/)
      .filter((entry) => entry.includes('person lookup'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      message: 'person lookup',
      operator: 'ops',
      idCardLast4: last4,
      personRef: expect.stringMatching(/^p_/),
    });
    expect(lines[0]).not.toContain(person.slice(0, 14));
    expect(lines[0]).not.toContain(devKeys.ops);
  });

  it('answers an empty story for a person the hub has no records of, and one year when asked', async () => {
    expect((await lookUp({ idCardNo: idCardNoOf(601, '19900303') })).body).toMatchObject({ ledgers: [], failures: [] });
    expect((await lookUp({ idCardNo: person, year: 2025 })).body.ledgers).toEqual([]);
    expect((await lookUp({ idCardNo: person, year: 2024 })).body.ledgers).toHaveLength(1);
  });

  it('names a bad ID card number, a bad year and an unknown field, without echoing the number', async () => {
    const bad = `${person.slice(0, 17)}${person.endsWith('1') ? '2' : '1'}`;
    const answer = await lookUp({ idCardNo: bad, year: 'last', name: '张三' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'idCardNo',
      'name',
      'year',
    ]);
    expect(JSON.stringify(answer.body)).not.toContain(bad.slice(0, 14));
    expect((await opsPostJson(hub.baseUrl, '/ops/people/lookup', 'not an object')).status).toBe(400);
  });
});

describe('the record lookup', () => {
  it('finds a rejected record by the platform’s own id, with its failure', async () => {
    const answer = await opsGet(hub.baseUrl, '/ops/records/hnu/HNU-LK-4');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      platform: 'hnu',
      recordId: 'HNU-LK-4',
      entries: [],
      removed: [],
      versions: [],
    });
    expect(answer.body.failures).toEqual([
      expect.objectContaining({ platform: 'hnu', recordId: 'HNU-LK-4', stage: 'record', status: 'open' }),
    ]);
    expect(answer.text).not.toContain(person);
  });

  it('tells a withdrawn record’s story: its entry revoked, both versions', async () => {
    const answer = await opsGet(hub.baseUrl, '/ops/records/hnu/HNU-LK-3');
    expect(answer.body.entries).toEqual([
      expect.objectContaining({
        recordId: 'HNU-LK-3',
        state: 'revoked',
        ledger: expect.objectContaining({ idCardNo: last4 }),
      }),
    ]);
    expect(answer.body.versions.map((v: { effect: string }) => v.effect)).toEqual(['decides', 'withdrew']);
    expect(answer.body.failures).toEqual([]);
  });

  it('answers an empty story for a record it never saw, and names a platform it does not know', async () => {
    expect((await opsGet(hub.baseUrl, '/ops/records/jxnu/NEVER-1')).body).toEqual({
      platform: 'jxnu',
      recordId: 'NEVER-1',
      entries: [],
      removed: [],
      versions: [],
      failures: [],
    });
    const bad = await opsGet(hub.baseUrl, '/ops/records/moodle/X-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('platform');
  });
});

describe("the operator's command line", () => {
  const run = async (argv: string[], input = '') => {
    const lines: string[] = [];
    const code = await runOps(argv, { baseUrl: hub.baseUrl, key: devKeys.ops }, (line) => lines.push(line), {
      readIdCardNo: async () => input,
    });
    return { code, text: lines.join('\n') };
  };

  it('person reads the number from its input and prints entries, states and versions, masked', async () => {
    const { code, text } = await run(['person'], `${person}\n`);
    expect(code).toBe(0);
    expect(text).toMatch(new RegExp(`^Person \\*\\*\\*\\*${person.slice(-4)} \\(p_[0-9a-f]{32}\\): 1 ledger\\(s\\)`));
    expect(text).toMatch(/\n2024: \d+(\.\d+)? h \(public/);
    expect(text).toMatch(/HNU-LK-2 .* repeat /);
    expect(text).toMatch(/withdrawal +of .*: withdrew: /);
    expect(text).not.toContain(person);
  });

  it("record prints one record's versions and its failures", async () => {
    const withdrawn = await run(['record', 'hnu', 'HNU-LK-3']);
    expect(withdrawn.code).toBe(0);
    expect(withdrawn.text).toMatch(/^Record hnu HNU-LK-3: 2 version\(s\), 1 ledger entry, 0 failure\(s\)/);
    const rejected = await run(['record', 'hnu', 'HNU-LK-4']);
    expect(rejected.text).toContain('failures (1):');
    expect((await run(['record', 'jxnu', 'NEVER-1'])).code).toBe(1);
  });
});
