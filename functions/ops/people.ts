/**
 * `POST /ops/people/lookup`: why a person's hours are what they are. The ID card number comes in
 * the body and is turned into the person's keyed hash at once; the answer and the log line name
 * the person by the last 4 characters and the opaque reference only, and the log line names the
 * operator's key (by its name) that asked.
 */
import { failureIdsOfPerson } from '../../aws/failure-index.js';
import { ledgerViewOf } from '../../shared/api/ledger-view.js';
import { personLookupRequestSchema, type PersonLookup } from '../../shared/ops/lookups.js';
import { maskIdCard } from '../../shared/person/id-card.js';
import { personRefOf } from '../../shared/person/person-key.js';
import type { OpsRoute } from './ops-handler.js';
import { ledgerStore, rules } from '../lib/dependencies.js';
import { json, parseJsonBody } from '../lib/http.js';
import { logger } from '../lib/observability.js';
import { personCrypto } from '../lib/person-crypto.js';
import { failureViewsOf, readRecords } from './record-reads.js';

/** The totals shown are the stored ones; a year the rule book no longer has needs a requirement only to satisfy the view's signature. */
const noRequirement = { requirement: { publicHours: 0, professionalHours: 0, totalHours: 0 } };

export const personLookupRoute: OpsRoute = async (event, operator) => {
  const request = parseJsonBody(event, personLookupRequestSchema);
  const crypto = await personCrypto();
  const personKey = crypto.personKey(request.idCardNo);
  const masked = maskIdCard(request.idCardNo);
  const [stored, failureIds] = await Promise.all([
    ledgerStore().listOfPerson(personKey),
    failureIdsOfPerson(personKey),
  ]);
  const ledgers = stored
    .filter((ledger) => request.year === undefined || ledger.year === request.year)
    .sort((a, b) => b.year - a.year);
  const [reads, failures] = await Promise.all([readRecords(ledgers), failureViewsOf(failureIds)]);
  const body: PersonLookup = {
    person: { idCardNo: masked, personRef: personRefOf(personKey) },
    ledgers: ledgers.map((ledger) => ({
      ledger: ledgerViewOf(masked, personKey, ledger.year, ledger, rules().get(ledger.year) ?? noRequirement),
      ...reads.explain(ledger),
    })),
    failures,
  };
  logger.info('person lookup', {
    operator: operator.name,
    personRef: body.person.personRef,
    idCardLast4: masked,
    ledgers: ledgers.length,
    failures: failures.length,
  });
  return json(200, body);
};
