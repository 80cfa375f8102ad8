/** The normalised person: keyed hash, sealed number and last four, never the number in clear. */
import type { IdCardNo } from '../person/id-card.js';
import type { PersonCrypto } from '../person/person-key.js';

export const personOf = (idCardNo: IdCardNo, crypto: PersonCrypto) => ({
  personKey: crypto.personKey(idCardNo),
  idCardEnc: crypto.encrypt(idCardNo),
  idCardLast4: idCardNo.slice(-4),
});
