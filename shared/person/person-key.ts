/**
 * People are keyed by a keyed hash of the normalised ID card number (hub-api.md), and the
 * number itself is stored only encrypted (AES-256-GCM, field level). Both keys are derived
 * from PERSON_KEY_SECRET with HKDF under distinct labels, so one secret serves both and
 * neither key can be computed from the other.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { IdCardNo } from './id-card.js';

export type PersonKey = string & { readonly __brand: 'PersonKey' };

export const personKeyHexLength = 32;
const ivBytes = 12;
const tagBytes = 16;
const encryptionVersion = 'v1';

export class PersonDataError extends Error {
  override readonly name = 'PersonDataError';
}

export interface PersonCrypto {
  personKey(idCardNo: IdCardNo): PersonKey;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

const derive = (secret: string, label: string): Buffer =>
  Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), `jx-ce-hub/${label}`, 32));

export const createPersonCrypto = (secret: string): PersonCrypto => {
  if (secret.length < 16) throw new PersonDataError('PERSON_KEY_SECRET must be at least 16 characters');
  const hashKey = derive(secret, 'person-key');
  const encryptionKey = derive(secret, 'field-encryption');
  return {
    personKey: (idCardNo) =>
      createHmac('sha256', hashKey).update(idCardNo, 'utf8').digest('hex').slice(0, personKeyHexLength) as PersonKey,
    encrypt: (plain) => {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${encryptionVersion}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    decrypt: (sealed) => {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== encryptionVersion || !ivText || !bodyText)
        throw new PersonDataError('sealed value has an unknown format');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(ivText, 'base64url'));
      decipher.setAuthTag(body.subarray(body.length - tagBytes));
      try {
        return Buffer.concat([decipher.update(body.subarray(0, body.length - tagBytes)), decipher.final()]).toString(
          'utf8',
        );
      } catch (cause) {
        throw new PersonDataError('sealed value does not decrypt with this PERSON_KEY_SECRET', { cause });
      }
    },
  };
};

/** personRef: the opaque, stable reference the portal may log and put in URLs. */
export const personRefPrefix = 'p_';
export const personRefOf = (personKey: PersonKey): string => `${personRefPrefix}${personKey}`;
/** Exactly the personRefs there are: the API's schema checks with it and the OpenAPI document shows it. */
export const personRefPattern = new RegExp(`^${personRefPrefix}[0-9a-f]{${personKeyHexLength}}$`);
export const personKeyOfRef = (personRef: string): PersonKey | undefined =>
  personRefPattern.test(personRef) ? (personRef.slice(personRefPrefix.length) as PersonKey) : undefined;
