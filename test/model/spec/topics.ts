/**
 * Categories and topics of rules.md (the 2024 table; 2025 and 2026 have no figures of their own in
 * the spec, so the model applies 2024's, as the spec's only list). Topics are matched exactly or
 * after trimming and folding full-width to half-width; anything else is `other`. The lists are
 * read from rules.md itself, so the model states no copy of them.
 */
import { categoryWords, specTopics } from '../../support/spec-text.js';

export const publicTopics = specTopics('public topics (公需专题)');
export const professionalTopics = specTopics('professional topics (专业专题)');
export const otherTopicKey = 'other';

/** The year's requirement (rules.md): compliant when public ≥ 30, professional ≥ 60 and total ≥ 90 学时. */
export const requirementHundredths = { public: 3_000, professional: 6_000, total: 9_000 } as const;

export { categoryWords };
export type Category = keyof typeof categoryWords;

export const categoryOfWord = (word: unknown): Category | undefined => {
  if (typeof word !== 'string') return undefined;
  if (categoryWords.public.includes(word)) return 'public';
  if (categoryWords.professional.includes(word)) return 'professional';
  return undefined;
};

const fullWidthStart = 0xff01;
const fullWidthEnd = 0xff5e;
const fullWidthShift = 0xfee0;
const ideographicSpace = 0x3000;

export const foldWidth = (text: string): string =>
  [...text]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code === ideographicSpace) return ' ';
      return code >= fullWidthStart && code <= fullWidthEnd ? String.fromCodePoint(code - fullWidthShift) : ch;
    })
    .join('')
    .trim();

/** The year's topic a sent topic matches, or `other`. */
export const topicKeyOf = (sent: string): string => {
  const folded = foldWidth(sent);
  return (
    [...publicTopics, ...professionalTopics].find((topic) => topic === sent || foldWidth(topic) === folded) ??
    otherTopicKey
  );
};
