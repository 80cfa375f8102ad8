/** The function's PersonCrypto, from PERSON_KEY_SECRET, made on first use (a failed fetch is tried again). */
import { createPersonCrypto, type PersonCrypto } from '../../shared/person/person-key.js';
import { once } from './once.js';
import { loadSecret } from './secrets.js';

export const personCrypto: () => Promise<PersonCrypto> = once(async () =>
  createPersonCrypto(await loadSecret('PERSON_KEY_SECRET')),
);
