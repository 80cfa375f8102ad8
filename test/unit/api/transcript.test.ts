import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustmentEntryOf } from '../../../shared/adjustments/adjustment.js';
import { transcriptQuerySchema } from '../../../shared/api/portal-schemas.js';
import {
  decodeTranscriptCursor,
  encodeTranscriptCursor,
  entriesPageSizeMax,
  transcriptPageOf,
  type TranscriptEntry,
  type TranscriptPosition,
} from '../../../shared/api/transcript.js';
import { emptyLedger, entryFactsOf, settle, type Ledger } from '../../../shared/ledger/ledger.js';
import { entryKeyOf } from '../../../shared/ledger/entry.js';
import { versionKeyOf } from '../../../shared/ledger/version-key.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import type { CompletionRecord } from '../../../shared/completion.js';
import { completionOf, idCardNoOf, personOf } from '../../support/completions.js';

const rules = defaultRuleBook.get(2024)!;
const person = personOf(idCardNoOf(7));
const now = new Date('2024-12-01T00:00:00Z');

const ledgerOf = (versions: CompletionRecord[]): Ledger => {
  const base = emptyLedger(
    { personKey: person.personKey, year: 2024, idCardEnc: person.idCardEnc, idCardLast4: person.idCardLast4 },
    rules,
  );
  const entries = Object.fromEntries(
    versions.map((v) => [
      entryKeyOf(v.platform, v.recordId),
      { ...entryFactsOf(v, versionKeyOf(v)), state: 'counted' as const, stateReason: '' },
    ]),
  );
  return settle({ ...base, entries }, rules, now);
};

const request = { personRef: `p_${person.personKey}`, year: 2024 };

const readAll = (ledger: Ledger | undefined, limit: number): TranscriptEntry[][] => {
  const pages: TranscriptEntry[][] = [];
  let after: TranscriptPosition | undefined;
  for (;;) {
    const page = transcriptPageOf(ledger, { ...request, limit, ...(after ? { after } : {}) });
    pages.push(page.entries);
    if (page.nextCursor === null) return pages;
    after = decodeTranscriptCursor(page.nextCursor);
  }
};

describe('a transcript', () => {
  it('lists entries newest first, by completion time and then record id', () => {
    const ledger = ledgerOf([
      completionOf({ recordId: 'A', completedAt: '2024-03-01T00:00:00.000Z' }),
      completionOf({ recordId: 'C', completedAt: '2024-05-01T00:00:00.000Z', course: { code: 'C-2', title: 't' } }),
      completionOf({ recordId: 'B', completedAt: '2024-05-01T00:00:00.000Z', course: { code: 'C-3', title: 't' } }),
    ]);
    const page = transcriptPageOf(ledger, { ...request, limit: 10 });
    expect(page.entries.map((e) => e.recordId)).toEqual(['C', 'B', 'A']);
    expect(page.nextCursor).toBeNull();
    expect(page.version).toBe(1);
  });

  it('shows every field the portal needs, with times in Beijing time and hours as decimals', () => {
    const ledger = ledgerOf([
      completionOf({
        recordId: 'R1',
        hundredths: 150,
        completedAt: '2024-12-31T16:30:00.000Z',
        topic: '区块链',
        topicMatched: null,
        makeup: true,
      }),
    ]);
    const [entry] = transcriptPageOf(ledger, { ...request, limit: 10 }).entries;
    expect(entry).toEqual({
      platform: 'hnu',
      recordId: 'R1',
      courseCode: 'C-001',
      courseTitle: '新能源材料前沿',
      category: 'professional',
      topic: '区块链',
      topicMatched: 'other',
      hours: 1.5,
      completedAt: '2025-01-01T00:30:00+08:00',
      creditYear: 2024,
      makeup: true,
      conversionKind: null,
      state: 'counted',
      stateReason: 'counted',
    });
  });

  it('shows converted hours as entries of platform portal with their kind', () => {
    const base = ledgerOf([]);
    const entry = adjustmentEntryOf({
      adjustmentId: 'ADJ-1',
      contentHash: 'a'.repeat(32),
      personKey: person.personKey,
      year: 2024,
      category: 'public',
      hundredths: 400,
      kind: 'xuexiqiangguo',
      approvedAt: '2024-11-02T02:00:00.000Z',
      idCardEnc: 'x',
      idCardLast4: '0000',
      postedAt: '',
      postedBy: 'portal',
    });
    const ledger = settle(
      { ...base, entries: { [entryKeyOf('portal', 'ADJ-1')]: { ...entry, state: 'counted', stateReason: '' } } },
      rules,
      now,
    );
    const [shown] = transcriptPageOf(ledger, { ...request, limit: 10 }).entries;
    expect(shown).toMatchObject({
      platform: 'portal',
      recordId: 'ADJ-1',
      hours: 4,
      conversionKind: 'xuexiqiangguo',
      topicMatched: null,
      state: 'counted',
      completedAt: '2024-11-02T10:00:00+08:00',
    });
  });

  it('is empty, not an error, for a person the hub has no records of', () => {
    expect(transcriptPageOf(undefined, { ...request, limit: 100 })).toEqual({
      ...request,
      version: 0,
      entries: [],
      nextCursor: null,
    });
  });

  it('pages through every entry exactly once in order, whatever the page size', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minute: fc.integer({ min: 0, max: 20 }),
            id: fc.integer({ min: 0, max: 40 }),
            platform: fc.constantFrom('hnu', 'jxnu', 'wangti'),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 7 }),
        (specs, limit) => {
          const versions = specs.map((s) =>
            completionOf({
              platform: s.platform as 'hnu',
              recordId: `R${s.id}`,
              completedAt: new Date(Date.UTC(2024, 5, 1, 0, s.minute)).toISOString(),
            }),
          );
          const ledger = ledgerOf(versions);
          const pages = readAll(ledger, limit);
          const paged = pages.flat().map((e) => `${e.platform}#${e.recordId}`);
          const whole = transcriptPageOf(ledger, { ...request, limit: entriesPageSizeMax }).entries.map(
            (e) => `${e.platform}#${e.recordId}`,
          );
          expect(paged).toEqual(whole);
          expect(new Set(paged).size).toBe(Object.keys(ledger.entries).length);
          expect(pages.every((page) => page.length <= limit)).toBe(true);
        },
      ),
    );
  });
});

describe('transcript parameters', () => {
  it('default the page size and refuse a limit above the maximum naming limit', () => {
    expect(transcriptQuerySchema.parse({}).limit).toBe(100);
    const refused = transcriptQuerySchema.safeParse({ limit: '501' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['limit']);
  });

  it('refuse a cursor the transcript did not hand out, naming cursor', () => {
    const refused = transcriptQuerySchema.safeParse({ cursor: 'not-a-cursor' });
    expect(refused.error?.issues[0]?.path).toEqual(['cursor']);
    const cursor = encodeTranscriptCursor({ completedAtMs: 1, recordId: 'R', source: 'hnu' });
    expect(transcriptQuerySchema.parse({ cursor }).cursor).toBe(cursor);
  });
});
