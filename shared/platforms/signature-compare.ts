/** Constant-time comparison of hex signatures (unequal lengths compare as different without leaking where). */
import { timingSafeEqual } from 'node:crypto';

export const sameHex = (expected: string, presented: string): boolean => {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};
