/**
 * Bearer keys per consumer: `PORTAL_API_KEYS` / `OPS_API_KEYS` list `name:key` (a bare key
 * is named `consumer-N`). The consumer's name is logged, never the key; keys compare in
 * constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpProblem, headerOf } from './http.js';

export interface Consumer {
  readonly name: string;
}

interface KeyEntry {
  readonly name: string;
  readonly digest: Buffer;
}

const digestOf = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export const parseConsumerKeys = (entries: readonly string[]): KeyEntry[] =>
  entries.map((entry, i) => {
    const at = entry.indexOf(':');
    const [name, key] = at > 0 ? [entry.slice(0, at), entry.slice(at + 1)] : [`consumer-${i + 1}`, entry];
    return { name, digest: digestOf(key) };
  });

export const authenticate = (event: APIGatewayProxyEventV2, keys: readonly KeyEntry[]): Consumer => {
  const header = headerOf(event, 'authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new HttpProblem(401, 'unauthorized', 'an Authorization: Bearer key is required');
  const presented = digestOf(match[1]);
  // Compare against every key (no early exit), so timing does not reveal which key nearly matched.
  let found: KeyEntry | undefined;
  for (const entry of keys) if (timingSafeEqual(entry.digest, presented)) found ??= entry;
  if (!found) throw new HttpProblem(401, 'unauthorized', 'the bearer key is not valid');
  return { name: found.name };
};
