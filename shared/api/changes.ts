/**
 * The change feed as the portal sees it (`GET /v1/ledgers/{year}/changes`): a page of
 * ledgers, oldest change first, each as in `ledgers/query`, and the cursor to go on with.
 */
import * as z from 'zod';
import type { FeedPositioned } from '../ledger/feed-merge.js';
import type { LedgerSummary } from '../ledger/summary.js';
import type { PersonCrypto, PersonKey } from '../person/person-key.js';
import type { YearRules } from '../rules/year-rules.js';
import { ledgerViewOf, ledgerViewSchema, type LedgerView } from './ledger-view.js';

export const changesPageSchema = z
  .object({
    changes: z.array(ledgerViewSchema).meta({
      description:
        'Ledgers changed after the cursor, oldest change first; a ledger changed several times shows once, in its latest state',
    }),
    nextCursor: z.string().meta({
      description:
        'Pass as `cursor` to read on. Never null: an empty page answers the cursor it was asked with, so keep polling with it',
    }),
  })
  .meta({ id: 'ChangesPage', description: 'A page of the change feed' });
export type ChangesPage = z.infer<typeof changesPageSchema>;

/** What the `changes` index holds of a ledger (infra/topology.ts: keys plus the projected attributes). */
export interface FeedLedger extends FeedPositioned {
  readonly personKey: string;
  readonly year: number;
  readonly idCardEnc: string;
  readonly summary: LedgerSummary;
  readonly version: number;
  readonly updatedAt: string;
}

export const changeViewOf = (
  item: FeedLedger,
  crypto: Pick<PersonCrypto, 'decrypt'>,
  rules: Pick<YearRules, 'requirement'>,
): LedgerView => ledgerViewOf(crypto.decrypt(item.idCardEnc), item.personKey as PersonKey, item.year, item, rules);
