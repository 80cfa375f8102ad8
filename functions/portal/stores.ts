/** The portal routes' own stores, made once per process on first use (like ../lib/dependencies.ts). */
import { createAdjustmentStore } from '../../aws/adjustment-store.js';
import { createLedgerFeed } from '../../aws/ledger-feed.js';

let adjustments: ReturnType<typeof createAdjustmentStore> | undefined;
let feed: ReturnType<typeof createLedgerFeed> | undefined;

export const adjustmentStore = (): ReturnType<typeof createAdjustmentStore> =>
  (adjustments ??= createAdjustmentStore());
export const ledgerFeed = (): ReturnType<typeof createLedgerFeed> => (feed ??= createLedgerFeed());
