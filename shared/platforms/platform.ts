export const platformCodes = ['hnu', 'jxnu', 'wangti'] as const;
export type PlatformCode = (typeof platformCodes)[number];
/** Where an entry came from: a learning platform, or the portal (converted hours). */
export type EntrySource = PlatformCode | 'portal';
