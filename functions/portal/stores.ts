/** The portal routes' own stores, each made on first use and kept (../lib/once.ts). */
import { createAdjustmentStore } from '../../aws/adjustment-store.js';
import { createLedgerFeed } from '../../aws/ledger-feed.js';
import { once } from '../lib/once.js';

export const adjustmentStore = once(createAdjustmentStore);
export const ledgerFeed = once(createLedgerFeed);
