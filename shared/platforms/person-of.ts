/**
 * The person of a record: the ID card field as a platform sends it (`x` in either case, spaces
 * around) checked once, then the normalised person — keyed hash, sealed number and last four,
 * never the number in clear. Every adapter uses these, so none repeats the rules.
 */
import type { CompletionRecord } from '../completion.js';
import { idCardProblem, normaliseIdCard, type IdCardNo } from '../person/id-card.js';
import type { PersonCrypto } from '../person/person-key.js';
import { ok, problem, type Result } from '../result.js';

export type NormalisedPerson = CompletionRecord['person'];

/** A valid ID card number from the field as sent, or the problem naming the field (never repeating the value). */
export const idCardFieldOf = (sent: unknown, field: string): Result<IdCardNo> => {
  if (sent === undefined || sent === null) return problem(field, 'is missing');
  if (typeof sent !== 'string') return problem(field, 'must be the ID card number as text');
  const normalised = normaliseIdCard(sent);
  const why = idCardProblem(normalised);
  return why ? problem(field, why) : ok(normalised as IdCardNo);
};

export const personOf = (idCardNo: IdCardNo, crypto: PersonCrypto): NormalisedPerson => ({
  personKey: crypto.personKey(idCardNo),
  idCardEnc: crypto.encrypt(idCardNo),
  idCardLast4: idCardNo.slice(-4),
});
