/**
 * A person's ledger as `POST /v1/ledgers/query` answers it, through the handler's own code in
 * this process, for a year whose rules a test added at run time (rule-book.ts): the portal
 * API takes only the rule files' years (its schema and document), so it refuses that year.
 */
import { ledgerViewsOf } from '../../functions/portal/query-ledgers.js';
import type { LedgerView } from '../../shared/api/ledger-view.js';
import { idCardNoSchema } from '../../shared/person/id-card.js';

export const addedYearLedgerOf = async (idCardNo: string, year: number): Promise<LedgerView> => {
  const [ledger] = await ledgerViewsOf(year, [idCardNoSchema.parse(idCardNo)]);
  if (!ledger) throw new Error(`no ledger view for year ${year}`);
  return ledger;
};
