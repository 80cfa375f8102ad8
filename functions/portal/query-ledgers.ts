/** `POST /v1/ledgers/query`: totals for up to 100 people; a person with no records gets zeros. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ledgerQueryRequestSchema, type ledgerQueryResponseSchema } from '../../shared/api/portal-schemas.js';
import { ledgerViewOf } from '../../shared/api/ledger-view.js';
import { addressKey } from '../../shared/ledger/placement.js';
import type { z } from 'zod';
import { ledgerStore, rules } from '../lib/dependencies.js';
import { HttpProblem, json, parseJsonBody } from '../lib/http.js';
import { personCrypto } from '../lib/person-crypto.js';

export const queryLedgers = async (event: APIGatewayProxyEventV2) => {
  const request = parseJsonBody(event, ledgerQueryRequestSchema);
  const yearRules = rules().get(request.year);
  if (!yearRules) throw new HttpProblem(400, 'invalid-request', `year: no rules are configured for ${request.year}`, [{ field: 'year', message: `no rules are configured for ${request.year}` }]);
  const crypto = await personCrypto();
  const people = request.idCardNos.map((idCardNo) => ({ idCardNo, personKey: crypto.personKey(idCardNo) }));
  const ledgers = await ledgerStore().getMany(people.map((p) => ({ personKey: p.personKey, year: request.year })));
  const body: z.infer<typeof ledgerQueryResponseSchema> = {
    ledgers: people.map((p) => ledgerViewOf(p.idCardNo, p.personKey, request.year, ledgers.get(addressKey({ personKey: p.personKey, year: request.year })), yearRules)),
  };
  return json(200, body);
};
