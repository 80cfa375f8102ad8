/**
 * The person of a record: the ID card field as a platform sends it (`x` in either case, spaces
 * around) checked once, then the normalised person — keyed hash, sealed number and last four,
 * never the number in clear. Every adapter uses these, so none repeats the rules.
 */
import type { CompletionRecord } from '../completion.js';
import { idCardProblem, idCheckCharacterProblem, normaliseIdCard, type IdCardNo } from '../person/id-card.js';
import type { PersonCrypto } from '../person/person-key.js';
import { ok, problem, type Result } from '../result.js';

export type NormalisedPerson = CompletionRecord['person'];

/** A valid ID card number from the field as sent, or the problem naming the field (never repeating the value). */
export const idCardFieldOf = (sent: unknown, field: string): Result<IdCardNo> => {
  if (sent === undefined || sent === null) return problem(field, 'is missing');
  if (typeof sent !== 'string') return problem(field, 'must be the ID card number as text', 'id-card-invalid');
  const normalised = normaliseIdCard(sent);
  const why = idCardProblem(normalised);
  if (why === undefined) return ok(normalised as IdCardNo);
  return problem(field, why, why === idCheckCharacterProblem ? 'id-check-character' : 'id-card-invalid');
};

/** The keyed hash of the person a rejected record names, when its ID card field is valid (failures carry it for the person lookup). */
export const personKeyOfSent = (sent: unknown, crypto: PersonCrypto): string | undefined => {
  const idCardNo = idCardFieldOf(sent, '');
  return idCardNo.ok ? crypto.personKey(idCardNo.value) : undefined;
};

export const personOf = (idCardNo: IdCardNo, crypto: PersonCrypto): NormalisedPerson => ({
  personKey: crypto.personKey(idCardNo),
  idCardEnc: crypto.encrypt(idCardNo),
  idCardLast4: idCardNo.slice(-4),
});
