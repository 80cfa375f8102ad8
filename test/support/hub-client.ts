/** A small HTTP client for the running hub, signing platform deliveries as the platforms do. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { signHnu } from '../../shared/platforms/hnu/signature.js';
import { signJxnu } from '../../shared/platforms/jxnu/signature.js';
import { answerOf, type Answer } from './answer.js';

export type { Answer } from './answer.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The spec's example payloads, beside the checkout (../shared/examples). */
export const exampleText = (name: string): string =>
  readFileSync(join(repoRoot, '..', 'shared', 'examples', name), 'utf8');

export const devKeys = { hnuSecret: 'dev-hnu-secret-1', portal: 'dev-portal-key', ops: 'dev-ops-key' } as const;

export const postHnu = async (
  baseUrl: string,
  rawBody: string,
  options: { secret?: string; timestamp?: number; eventId?: string } = {},
): Promise<Answer> => {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const response = await fetch(`${baseUrl}/webhooks/hnu`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hnu-event-id': options.eventId ?? 'evt_test',
      'x-hnu-timestamp': timestamp,
      'x-hnu-signature': signHnu(options.secret ?? devKeys.hnuSecret, timestamp, rawBody),
    },
    body: rawBody,
  });
  return answerOf(response);
};

export interface JxnuSigning {
  readonly appId: string;
  readonly secret: string;
  readonly timestamp?: number;
  readonly nonce?: string;
}

/** A jxnu batch as the platform sends it: signed over app id, timestamp, a fresh nonce and the body's hash. */
export const postJxnu = async (baseUrl: string, body: string | Buffer, signing: JxnuSigning): Promise<Answer> => {
  const timestamp = String(signing.timestamp ?? Date.now());
  const nonce = signing.nonce ?? randomBytes(16).toString('hex');
  const response = await fetch(`${baseUrl}/webhooks/jxnu`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-jxnu-appid': signing.appId,
      'x-jxnu-timestamp': timestamp,
      'x-jxnu-nonce': nonce,
      'x-jxnu-sign': signJxnu(signing.secret, { appId: signing.appId, timestamp, nonce, rawBody: body }),
    },
    body,
  });
  return answerOf(response);
};

export const portalPost = async (
  baseUrl: string,
  path: string,
  body: unknown,
  key: string = devKeys.portal,
): Promise<Answer> =>
  answerOf(
    await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    }),
  );

export const authedGet = async (baseUrl: string, path: string, key: string): Promise<Answer> =>
  answerOf(await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } }));

/** One person's ledger of a year as the portal reads it (POST /v1/ledgers/query, answered 200). */
export const portalLedgerOf = async (baseUrl: string, idCardNo: string, year = 2024, key: string = devKeys.portal) => {
  const answer = await portalPost(baseUrl, '/v1/ledgers/query', { year, idCardNos: [idCardNo] }, key);
  expect(answer.status).toBe(200);
  return answer.body.ledgers[0];
};
