/**
 * Categories and topics of rules.md (the 2024 table; 2025 and 2026 have no figures of their own in
 * the spec, so the model applies 2024's, as the spec's only list). Topics are matched exactly or
 * after trimming and folding full-width to half-width; anything else is `other`.
 */
export const publicTopics = [
  '学习贯彻习近平总书记考察江西重要讲话精神',
  '打造“三大高地”、实施“五大战略”，走好新时代赶考之路',
  '专业技术人员职业道德和能力建设',
] as const;
export const professionalTopics = [
  '电子信息',
  '新能源',
  '新材料',
  '装备制造',
  '生物医药',
  '绿色食品',
  '高效农林',
] as const;
export const otherTopicKey = 'other';

/** The year's requirement (rules.md): compliant when public ≥ 30, professional ≥ 60 and total ≥ 90 学时. */
export const requirementHundredths = { public: 3_000, professional: 6_000, total: 9_000 } as const;

export const categoryWords = {
  public: ['公需科目', '公需课', '公需'],
  professional: ['专业科目', '专业课', '专业'],
} as const;
export type Category = keyof typeof categoryWords;

export const categoryOfWord = (word: unknown): Category | undefined => {
  if (typeof word !== 'string') return undefined;
  if ((categoryWords.public as readonly string[]).includes(word)) return 'public';
  if ((categoryWords.professional as readonly string[]).includes(word)) return 'professional';
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
