/**
 * Who may write or read, on the running local hub (real handlers, DynamoDB Local, SQS):
 * platform signatures that are wrong, missing, stale or replayed are refused with 401 and
 * nothing is credited; bodies over 1 MiB get 413; every /v1 and /ops route of the topology
 * refuses a request without a key, with a wrong key, or with the other API's key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyBytesMax } from '../../shared/request-limits.js';
import { functionNames, functions } from '../../infra/topology.js';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { signHnu } from '../../shared/platforms/hnu/signature.js';
import { signedJxnuHeaders } from '../../shared/platforms/jxnu/signature.js';
import { developmentDefaults } from '../../shared/config.js';
import { devKeys, exampleText, portalLedgerOf, type Answer } from '../support/hub-client.js';
import { answerOf } from '../support/answer.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

const expectHubError = (answer: Answer, status: number, code?: string): void => {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({
    error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) },
  });
  if (code) expect(answer.body.error.code).toBe(code);
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The example hnu event, as a new record so each test credits (or must not credit) its own. */
const hnuBody = (recordId: string, credits = 6): string =>
  exampleText('hnu-completion-created.json')
    .replace('HNU-2024-0000123', recordId)
    .replace('"credits": 6', `"credits": ${credits}`);

const sendHnu = async (body: string | Buffer, headers: Record<string, string | undefined>): Promise<Answer> => {
  const clean = Object.fromEntries(
    Object.entries({ 'content-type': 'application/json', 'x-hnu-event-id': 'evt_security', ...headers }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
  return answerOf(await fetch(`${hub.baseUrl}/webhooks/hnu`, { method: 'POST', headers: clean, body }));
};

const signedHeaders = (body: string | Buffer, options: { secret?: string; timestamp?: number } = {}) => {
  const timestamp = String(options.timestamp ?? nowSeconds());
  return {
    'x-hnu-timestamp': timestamp,
    'x-hnu-signature': signHnu(options.secret ?? devKeys.hnuSecret, timestamp, body),
  };
};

const example = { idCardNo: '36042119850315002X', year: 2024 };

const professionalHoursOfExample = async (): Promise<number> => {
  await hub.idle();
  return (await portalLedgerOf(hub.baseUrl, example.idCardNo, example.year)).professionalHours;
};

describe('hnu signatures', () => {
  it('refuses a delivery without a signature or without a timestamp, and credits nothing', async () => {
    const body = hnuBody('HNU-SEC-MISSING');
    const headers = signedHeaders(body);
    expectHubError(await sendHnu(body, { ...headers, 'x-hnu-signature': undefined }), 401, 'unauthorized');
    expectHubError(await sendHnu(body, { ...headers, 'x-hnu-timestamp': undefined }), 401, 'unauthorized');
    expectHubError(await sendHnu(body, {}), 401, 'unauthorized');
    expect(await professionalHoursOfExample()).toBe(0);
  });

  it('refuses a signature made with another secret, over another body, or in another form', async () => {
    const body = hnuBody('HNU-SEC-WRONG');
    expectHubError(await sendHnu(body, signedHeaders(body, { secret: 'not-the-hnu-secret' })), 401, 'unauthorized');
    // A valid signature of one body does not carry over to a tampered body.
    const tampered = hnuBody('HNU-SEC-WRONG', 60);
    expectHubError(await sendHnu(tampered, signedHeaders(body)), 401, 'unauthorized');
    const headers = signedHeaders(body);
    const hex = headers['x-hnu-signature'].slice(3);
    expectHubError(await sendHnu(body, { ...headers, 'x-hnu-signature': hex }), 401, 'unauthorized'); // no v1= scheme
    expectHubError(await sendHnu(body, { ...headers, 'x-hnu-signature': `v0=${hex}` }), 401, 'unauthorized');
    expectHubError(
      await sendHnu(body, { ...headers, 'x-hnu-signature': `v1=${hex.slice(0, -2)}` }),
      401,
      'unauthorized',
    );
    expectHubError(await sendHnu(body, { ...headers, 'x-hnu-signature': 'v1=' }), 401, 'unauthorized');
    expect(await professionalHoursOfExample()).toBe(0);
  });

  it('refuses a timestamp more than 300 s away in either direction, and one that is not unix seconds', async () => {
    const body = hnuBody('HNU-SEC-STALE');
    expectHubError(await sendHnu(body, signedHeaders(body, { timestamp: nowSeconds() - 301 })), 401, 'unauthorized');
    expectHubError(await sendHnu(body, signedHeaders(body, { timestamp: nowSeconds() + 301 })), 401, 'unauthorized');
    const milliseconds = String(Date.now());
    expectHubError(
      await sendHnu(body, {
        'x-hnu-timestamp': milliseconds,
        'x-hnu-signature': signHnu(devKeys.hnuSecret, milliseconds, body),
      }),
      401,
      'unauthorized',
    );
    expect(await professionalHoursOfExample()).toBe(0);
  });

  it('refuses a captured delivery replayed later, or replayed with a fresh timestamp header', async () => {
    const body = hnuBody('HNU-SEC-REPLAY');
    const captured = signedHeaders(body, { timestamp: nowSeconds() - 400 });
    expectHubError(await sendHnu(body, captured), 401, 'unauthorized');
    expectHubError(await sendHnu(body, { ...captured, 'x-hnu-timestamp': String(nowSeconds()) }), 401, 'unauthorized');
    expect(await professionalHoursOfExample()).toBe(0);
  });

  it('counts a delivery replayed within the window once: it is the same event', async () => {
    const body = hnuBody('HNU-SEC-ONCE');
    const headers = signedHeaders(body);
    expect((await sendHnu(body, headers)).body.status).toBe('accepted');
    expect((await sendHnu(body, headers)).body.status).toBe('accepted');
    expect(await professionalHoursOfExample()).toBe(6);
  });
});

const jxnuCredentials = {
  appId: developmentDefaults.JXNU_APP_ID as string,
  appSecret: developmentDefaults.JXNU_APP_SECRET as string,
};

/** The example batch's first record as a batch of its own, with a record id of its own. */
const jxnuBody = (xh: string): string => {
  const batch = JSON.parse(exampleText('jxnu-batch.json')) as {
    batch_no: string;
    records: Array<Record<string, unknown>>;
  };
  return JSON.stringify({ batch_no: `SEC-${xh}`, records: [{ ...batch.records[0], xh }] });
};
const jxnuPerson = '360102198001011235';

const sendJxnu = async (body: string | Buffer, headers: Record<string, string | undefined>): Promise<Answer> => {
  const clean = Object.fromEntries(
    Object.entries({ 'content-type': 'application/json; charset=utf-8', ...headers }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
  return answerOf(await fetch(`${hub.baseUrl}/webhooks/jxnu`, { method: 'POST', headers: clean, body }));
};

const jxnuSigned = (
  body: string | Buffer,
  options: { now?: Date; nonce?: string; appSecret?: string; appId?: string } = {},
) =>
  signedJxnuHeaders({
    appId: options.appId ?? jxnuCredentials.appId,
    appSecret: options.appSecret ?? jxnuCredentials.appSecret,
    rawBody: body,
    now: options.now ?? new Date(),
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });

const publicHoursOfJxnuPerson = async (): Promise<number> => {
  await hub.idle();
  return (await portalLedgerOf(hub.baseUrl, jxnuPerson)).publicHours;
};

describe('jxnu signatures and nonces', () => {
  it('refuses a request missing any of the four headers', async () => {
    const body = jxnuBody('JXNU-SEC-MISSING');
    const headers = jxnuSigned(body);
    for (const left of Object.keys(headers))
      expectHubError(await sendJxnu(body, { ...headers, [left]: undefined }), 401, 'unauthorized');
    expect(await publicHoursOfJxnuPerson()).toBe(0);
  });

  it('refuses another app id, another secret, a tampered body and a signature in another form', async () => {
    const body = jxnuBody('JXNU-SEC-WRONG');
    expectHubError(await sendJxnu(body, jxnuSigned(body, { appId: 'jxnu-other' })), 401, 'unauthorized');
    const otherId = jxnuSigned(body);
    expectHubError(await sendJxnu(body, { ...otherId, 'X-Jxnu-AppId': 'jxnu-other' }), 401, 'unauthorized');
    expectHubError(await sendJxnu(body, jxnuSigned(body, { appSecret: 'not-the-jxnu-secret' })), 401, 'unauthorized');
    expectHubError(await sendJxnu(jxnuBody('JXNU-SEC-TAMPERED'), jxnuSigned(body)), 401, 'unauthorized');
    const headers = jxnuSigned(body);
    expectHubError(
      await sendJxnu(body, { ...headers, 'X-Jxnu-Sign': headers['X-Jxnu-Sign'].slice(0, -1) }),
      401,
      'unauthorized',
    );
    expectHubError(
      await sendJxnu(body, {
        ...headers,
        'X-Jxnu-Sign': Buffer.from(headers['X-Jxnu-Sign'], 'hex').toString('base64'),
      }),
      401,
      'unauthorized',
    );
    expect(await publicHoursOfJxnuPerson()).toBe(0);
  });

  it('refuses a timestamp more than 300 s away either way, or in seconds instead of milliseconds', async () => {
    const body = jxnuBody('JXNU-SEC-STALE');
    expectHubError(
      await sendJxnu(body, jxnuSigned(body, { now: new Date(Date.now() - 301_000) })),
      401,
      'unauthorized',
    );
    expectHubError(
      await sendJxnu(body, jxnuSigned(body, { now: new Date(Date.now() + 301_000) })),
      401,
      'unauthorized',
    );
    const seconds = jxnuSigned(body, { now: new Date(Math.floor(Date.now() / 1000)) });
    expectHubError(await sendJxnu(body, seconds), 401, 'unauthorized');
    expect(await publicHoursOfJxnuPerson()).toBe(0);
  });

  it('takes a request once and refuses it replayed, and refuses its nonce under a fresh signature', async () => {
    const body = jxnuBody('JXNU-SEC-REPLAY');
    const headers = jxnuSigned(body);
    const first = await sendJxnu(body, headers);
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([{ xh: 'JXNU-SEC-REPLAY', status: 'accepted' }]);
    expectHubError(await sendJxnu(body, headers), 401, 'unauthorized');
    expectHubError(await sendJxnu(body, jxnuSigned(body, { nonce: headers['X-Jxnu-Nonce'] })), 401, 'unauthorized');
    expect(await publicHoursOfJxnuPerson()).toBe(3);
  });
});

describe('bodies over the limit', () => {
  const oversized = (bytes = bodyBytesMax + 1): string => `{"pad":"${'a'.repeat(bytes - 10)}"}`;

  it('hnu: a signed body of 1 MiB + 1 byte is refused with 413', async () => {
    const over = oversized();
    expect(Buffer.byteLength(over)).toBe(bodyBytesMax + 1);
    expectHubError(await sendHnu(over, signedHeaders(over)), 413, 'body-too-large');
  });

  it('hnu: a signed body of exactly 1 MiB that is no event is rejected as a record (200), and one that is not JSON gets 400, never a 5xx', async () => {
    const at = oversized(bodyBytesMax);
    expect(Buffer.byteLength(at)).toBe(bodyBytesMax);
    const answer = await sendHnu(at, signedHeaders(at));
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('rejected');
    const garbage = 'x'.repeat(bodyBytesMax);
    expectHubError(await sendHnu(garbage, signedHeaders(garbage)), 400, 'invalid-json');
  });

  it('hnu: an unsigned oversized body gets 413 or 401, never anything stored', async () => {
    const over = oversized();
    expect([401, 413]).toContain((await sendHnu(over, {})).status);
  });

  it('jxnu: a signed batch of 1 MiB + 1 byte is refused with 413; exactly 1 MiB that is no batch gets 400, never a 5xx', async () => {
    const over = oversized();
    expectHubError(await sendJxnu(over, jxnuSigned(over)), 413, 'body-too-large');
    const at = oversized(bodyBytesMax);
    expectHubError(await sendJxnu(at, jxnuSigned(at)), 400);
  });

  it.each(['/v1/ledgers/query', '/v1/adjustments'])(
    'portal %s: 413 for a body over 1 MiB with a valid key',
    async (path) => {
      const answer = await answerOf(
        await fetch(`${hub.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${devKeys.portal}` },
          body: oversized(),
        }),
      );
      expectHubError(answer, 413, 'body-too-large');
    },
  );
});

/**
 * The one /ops route without a key: the console page, which holds no data (its function has no
 * key, table or queue) and asks for the key itself.
 */
const publicPageFunction = 'opsConsole' as const;

/** Every /v1 and /ops route the topology declares, with sample path parameters. */
const guardedRoutes = functionNames
  .filter((name) => name !== publicPageFunction)
  .flatMap((name) =>
    functions[name].routes
      .filter((route) => route.path.startsWith('/v1/') || route.path.startsWith('/ops/'))
      .map((route) => ({
        name,
        method: route.method,
        path: route.path
          .replace('{year}', '2024')
          .replace('{personRef}', `p_${'a'.repeat(32)}`)
          .replace('{adjustmentId}', 'ADJ-SEC-1')
          .replace('{failureId}', 'f_0000000000deadbeef')
          .replace('{jobId}', 'j_0000000000deadbeef')
          .replace('{platform}', 'hnu')
          .replace('{recordId}', 'HNU-SEC-1'),
        key: `${route.method} ${route.path}`,
      })),
  );

describe('bearer keys on every /v1 and /ops route', () => {
  it('covers every portal and operators route of the topology', () => {
    expect(guardedRoutes.filter((r) => r.name === 'portalApi').length).toBe(functions.portalApi.routes.length);
    const opsFunctions = ['opsApi', 'opsInsightApi', 'opsDocuments'] as const;
    expect(guardedRoutes.filter((r) => (opsFunctions as readonly string[]).includes(r.name)).length).toBe(
      opsFunctions.reduce((sum, name) => sum + functions[name].routes.length, 0),
    );
  });

  const call = async (route: (typeof guardedRoutes)[number], authorization: string | undefined): Promise<Answer> =>
    answerOf(
      await fetch(`${hub.baseUrl}${route.path}${route.method === 'GET' ? '?year=2024' : ''}`, {
        method: route.method,
        headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
        ...(route.method === 'POST' ? { body: '{}' } : {}),
      }),
    );

  it.each(guardedRoutes.map((route) => [route.key, route] as const))(
    "%s: 401 without a key, with a wrong key, with a malformed header and with the other API's key",
    async (_key, route) => {
      const otherKey = route.name === 'portalApi' ? devKeys.ops : devKeys.portal;
      for (const authorization of [
        undefined,
        'Bearer wrong-key-0123456789',
        'Bearer',
        `Basic ${Buffer.from(`x:${devKeys.portal}`).toString('base64')}`,
        `Bearer ${otherKey}`,
        `Bearer ${devKeys.portal}x`,
      ]) {
        const answer = await call(route, authorization);
        expect({ authorization, status: answer.status }).toEqual({ authorization, status: 401 });
        expectHubError(answer, 401, 'unauthorized');
      }
    },
  );

  it('serves the console page, the one route without a key, from a function with no key, table or queue', async () => {
    const page = functions[publicPageFunction];
    expect({
      tables: [...page.tables.read, ...page.tables.write],
      queues: page.sendsTo,
      secrets: page.secrets,
    }).toEqual({ tables: [], queues: [], secrets: [] });
    for (const route of page.routes) {
      const answer = await fetch(`${hub.baseUrl}${route.path}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    }
  });

  it('lets the right key through on every route (not 401)', async () => {
    for (const route of guardedRoutes) {
      const answer = await call(route, `Bearer ${route.name === 'portalApi' ? devKeys.portal : devKeys.ops}`);
      expect({ route: route.key, status: answer.status === 401 }).toEqual({ route: route.key, status: false });
    }
  });
});
