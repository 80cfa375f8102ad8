/** The process's PersonCrypto, from PERSON_KEY_SECRET, made on first use. */
import { createPersonCrypto, type PersonCrypto } from '../../shared/person/person-key.js';
import { loadSecret } from './secrets.js';

let crypto: Promise<PersonCrypto> | undefined;

export const personCrypto = (): Promise<PersonCrypto> => {
  crypto ??= loadSecret('PERSON_KEY_SECRET')
    .then(createPersonCrypto)
    .catch((error: unknown) => {
      crypto = undefined; // a failed fetch is tried again by the next invocation
      throw error;
    });
  return crypto;
};
