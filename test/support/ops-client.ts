/** Calls to the running hub's operators API with the development ops key. */
import { expect } from 'vitest';
import { answerOf, type Answer } from './answer.js';
import { devKeys } from './hub-client.js';

export const opsGet = async (baseUrl: string, path: string, key: string = devKeys.ops) =>
  answerOf(await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } }));

export const opsPost = async (baseUrl: string, path: string, key: string = devKeys.ops) =>
  answerOf(await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}` } }));

/** Polls until `check` answers a value (not undefined), or fails naming what it waited for (a bound on a hang: a loaded machine is slow). */
export const eventually = async <T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
};

export const opsPostJson = async (baseUrl: string, path: string, body: unknown, key: string = devKeys.ops) =>
  answerOf(
    await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );

/** An id of the right form that names nothing is answered 404; text that is no id, 400 naming `field`. */
export const expectIdChecked = async (
  request: (id: string) => Promise<Answer>,
  unknownId: string,
  field: string,
): Promise<void> => {
  expect((await request(unknownId)).status).toBe(404);
  const bad = await request('nope');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toBe(field);
};
