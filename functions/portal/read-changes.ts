/**
 * `GET /v1/ledgers/{year}/changes`: one page of the change feed (shared/ledger/feed.ts for
 * the keys, feed-merge.ts for the page). Each ledger carries its ID card number, decrypted
 * here: the portal matches its own records by it, and it travels only over TLS to an
 * authenticated consumer.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { changeViewOf, type ChangesPage } from '../../shared/api/changes.js';
import { changesPathSchema, changesQuerySchema } from '../../shared/api/portal-schemas.js';
import { decodeFeedCursor, encodeFeedCursor, feedSettleSecondsOf, feedStart } from '../../shared/ledger/feed.js';
import { readFeedPage } from '../../shared/ledger/feed-merge.js';
import { json } from '../lib/http.js';
import { personCrypto } from '../lib/person-crypto.js';
import { pathOf, queryOf, yearRulesOf } from './params.js';
import { ledgerFeed } from './stores.js';

export const readChanges = async (event: APIGatewayProxyEventV2) => {
  const { year } = pathOf(event, changesPathSchema);
  const { cursor, limit } = queryOf(event, changesQuerySchema);
  const yearRules = yearRulesOf(year);
  const after = cursor === undefined ? feedStart : (decodeFeedCursor(cursor) as string);
  const page = await readFeedPage(ledgerFeed(), {
    year,
    after,
    limit,
    now: new Date(),
    settleSeconds: feedSettleSecondsOf(process.env),
  });
  const crypto = await personCrypto();
  const body: ChangesPage = {
    changes: page.items.map((item) => changeViewOf(item, crypto, yearRules)),
    nextCursor: encodeFeedCursor(page.next),
  };
  return json(200, body);
};
