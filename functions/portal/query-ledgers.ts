/** `POST /v1/ledgers/query`: totals for up to 100 people; a person with no records gets zeros. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ledgerViewOf, type LedgerView } from '../../shared/api/ledger-view.js';
import { ledgerQueryRequestSchema, type LedgerQueryResponse } from '../../shared/api/portal-schemas.js';
import { addressKey } from '../../shared/ledger/placement.js';
import type { IdCardNo } from '../../shared/person/id-card.js';
import { ledgerStore } from '../lib/dependencies.js';
import { json, parseJsonBody } from '../lib/http.js';
import { personCrypto } from '../lib/person-crypto.js';
import { yearRulesOf } from './params.js';

/** The ledgers of these people for a year, in the order given, zeros for people without records. */
export const ledgerViewsOf = async (year: number, idCardNos: readonly IdCardNo[]): Promise<LedgerView[]> => {
  const yearRules = yearRulesOf(year);
  const crypto = await personCrypto();
  const people = idCardNos.map((idCardNo) => ({ idCardNo, personKey: crypto.personKey(idCardNo) }));
  const ledgers = await ledgerStore().getMany(people.map((p) => ({ personKey: p.personKey, year })));
  return people.map((p) =>
    ledgerViewOf(p.idCardNo, p.personKey, year, ledgers.get(addressKey({ personKey: p.personKey, year })), yearRules),
  );
};

export const queryLedgers = async (event: APIGatewayProxyEventV2) => {
  const request = parseJsonBody(event, ledgerQueryRequestSchema);
  const body: LedgerQueryResponse = {
    ledgers: await ledgerViewsOf(request.year, request.idCardNos),
  };
  return json(200, body);
};
