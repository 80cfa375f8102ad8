/**
 * A version's place in the newest-wins order (rules.md): the platform's version time (UTC,
 * fixed width, so strings sort as times), then its position in the delivery (a jxnu batch
 * shares one timestamp, so the later record of an `xh` is the newer; likewise rows of a
 * wangti page), then a hash of the content so that two different versions with the same time
 * and position still order the same way whatever order they arrive in.
 */
import { createHash } from 'node:crypto';
import { deliveryPositionsMax, type CompletionVersion } from '../completion.js';

export type VersionKey = string & { readonly __brand: 'VersionKey' };

const contentHashLength = 16;

/** Canonical JSON (sorted keys) so equal content hashes equally. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/** What a version says, without delivery details (when it was received, its correlation id, the sealed ID's random IV). */
const contentOf = (version: CompletionVersion): unknown => {
  const { receivedAt: _r, correlationId: _c, ...content } = version;
  if (content.kind === 'completion') {
    const { idCardEnc: _e, ...person } = content.person;
    return { ...content, person };
  }
  return content;
};

/** Digits of a position: fixed width, so keys sort by position within one time. */
const positionDigits = String(deliveryPositionsMax - 1).length;

export class VersionKeyError extends Error {
  override readonly name = 'VersionKeyError';
}

export const versionKeyOf = (version: CompletionVersion): VersionKey => {
  const at = new Date(version.versionAt).toISOString();
  if (!Number.isInteger(version.position) || version.position < 0 || version.position >= deliveryPositionsMax) {
    throw new VersionKeyError(
      `position ${version.position} of ${version.platform} record ${version.recordId} is outside 0..${deliveryPositionsMax - 1}`,
    );
  }
  const position = String(version.position).padStart(positionDigits, '0');
  const hash = createHash('sha256')
    .update(canonical(contentOf(version)))
    .digest('hex')
    .slice(0, contentHashLength);
  return `${at}#${position}#${hash}` as VersionKey;
};
