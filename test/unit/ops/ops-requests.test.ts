/**
 * The operators API's request checks that the contract test (test/integration/ops-contract.test.ts)
 * found apart from the document, at unit level: the audit's cursor in its plain form, `since`
 * before `until` (or now), a record id a URL can carry, and an unknown field named by its name.
 */
import { describe, expect, it } from 'vitest';
import { auditCursorPattern, decodeAuditCursor, encodeAuditCursor } from '../../../shared/ledger/audit-report.js';
import { summaryQuerySchema } from '../../../shared/ops/failure-summary.js';
import { recordPathSchema } from '../../../shared/ops/lookups.js';
import { auditQuerySchema } from '../../../shared/ops/params.js';
import { replayRequestSchema } from '../../../shared/ops/replay-job.js';
import { problemsFromZod } from '../../../shared/result.js';

const fieldsOf = (result: { success: boolean; error?: unknown }): string[] =>
  result.success ? [] : problemsFromZod(result.error as never).map((p) => p.field);

describe('the audit cursor', () => {
  it('gives back the position it was made from, in a form its pattern says', () => {
    const position = { personKey: '0a'.repeat(16), year: 2024 };
    const cursor = encodeAuditCursor(position);
    expect(cursor).toMatch(auditCursorPattern);
    expect(decodeAuditCursor(cursor)).toEqual(position);
  });

  it('is refused in any other form, the first (base64url JSON) included', () => {
    const firstForm = Buffer.from(JSON.stringify({ personKey: '0a'.repeat(16), year: 2024 })).toString('base64url');
    for (const cursor of ['', firstForm, `${'0A'.repeat(16)}_2024`, `${'0a'.repeat(16)}_24`]) {
      expect(decodeAuditCursor(cursor), cursor).toBeUndefined();
      expect(fieldsOf(auditQuerySchema.safeParse({ year: '2024', cursor })), cursor).toEqual(['cursor']);
    }
  });
});

describe('a window of failures', () => {
  const future = new Date(Date.now() + 86_400_000).toISOString();
  const past = '2024-06-01T00:00:00Z';

  it('takes a since before until, or before now when until is absent', () => {
    expect(summaryQuerySchema.safeParse({ since: past }).success).toBe(true);
    expect(replayRequestSchema.safeParse({ since: past, until: future }).success).toBe(true);
  });

  it('refuses a since not before until, or in the future without until, naming since', () => {
    expect(fieldsOf(summaryQuerySchema.safeParse({ since: future }))).toEqual(['since']);
    expect(fieldsOf(summaryQuerySchema.safeParse({ since: past, until: past }))).toEqual(['since']);
    expect(fieldsOf(replayRequestSchema.safeParse({ since: future }))).toEqual(['since']);
  });
});

/**
 * The windows' times are written with four-digit years, 0000 to 9999 (an offset may carry the
 * instant a little past either end: the document allows it, and the failure index holds it at
 * the edge). Each window is checked at and beside each limit, in both requests that take one.
 */
describe('a window at the limits of the years it can be written in', () => {
  const firstOf0000 = '0000-01-01T00:00:00.000Z';
  const lastOf9999 = '9999-12-31T23:59:59.999Z';
  const windows = [
    ['the failure summary', summaryQuerySchema],
    ['a bulk replay', replayRequestSchema],
  ] as const;
  const millisecondsApart = (a: string, b: string): number => Date.parse(b) - Date.parse(a);

  it.each(windows)('%s: takes the first instant of 0000 and the last of 9999', (_, schema) => {
    expect(fieldsOf(schema.safeParse({ since: firstOf0000 }))).toEqual([]);
    expect(fieldsOf(schema.safeParse({ until: lastOf9999 }))).toEqual([]);
    expect(fieldsOf(schema.safeParse({ since: firstOf0000, until: lastOf9999 }))).toEqual([]);
  });

  it.each(windows)(
    '%s: refuses one millisecond outside either, written in the year it falls in, naming the field',
    (_, schema) => {
      const beforeFirst = '-000001-12-31T23:59:59.999Z';
      const afterLast = '+010000-01-01T00:00:00.000Z';
      expect(millisecondsApart(beforeFirst, firstOf0000)).toBe(1);
      expect(millisecondsApart(lastOf9999, afterLast)).toBe(1);
      for (const field of ['since', 'until'] as const) {
        for (const outside of [beforeFirst, afterLast, '10000-01-01T00:00:00.000Z'])
          expect(fieldsOf(schema.safeParse({ [field]: outside })), `${field} ${outside}`).toEqual([field]);
      }
    },
  );

  it.each(windows)('%s: takes one millisecond outside either when an offset carries it there', (_, schema) => {
    const beforeFirst = '0000-01-01T00:00:59.999+00:01';
    const afterLast = '9999-12-31T23:59:00.000-00:01';
    expect(millisecondsApart(beforeFirst, firstOf0000)).toBe(1);
    expect(millisecondsApart(lastOf9999, afterLast)).toBe(1);
    expect(fieldsOf(schema.safeParse({ since: beforeFirst, until: afterLast }))).toEqual([]);
  });

  it.each(windows)('%s: refuses since equal to until at either limit, naming since', (_, schema) => {
    for (const at of [firstOf0000, lastOf9999])
      expect(fieldsOf(schema.safeParse({ since: at, until: at })), at).toEqual(['since']);
  });

  it.each(windows)('%s: takes since one millisecond before until at either limit', (_, schema) => {
    expect(fieldsOf(schema.safeParse({ since: firstOf0000, until: '0000-01-01T00:00:00.001Z' }))).toEqual([]);
    expect(fieldsOf(schema.safeParse({ since: '9999-12-31T23:59:59.998Z', until: lastOf9999 }))).toEqual([]);
  });
});

describe('an unknown field of a strict body', () => {
  it('is named by its own name, each one', () => {
    expect(fieldsOf(replayRequestSchema.safeParse({ platform: 'hnu', everything: true, also: 1 })).sort()).toEqual([
      'also',
      'everything',
    ]);
  });
});

describe('a record id in the path', () => {
  it('is any text a URL can carry as a segment', () => {
    for (const recordId of ['HNU-2024-1', '...', '.a', 'a.', '流水号 7', '100%'])
      expect(recordPathSchema.safeParse({ platform: 'hnu', recordId }).success, recordId).toBe(true);
  });

  it('is never . or .., which a client resolves away before the hub sees them', () => {
    for (const recordId of ['.', '..'])
      expect(fieldsOf(recordPathSchema.safeParse({ platform: 'hnu', recordId })), recordId).toEqual(['recordId']);
  });
});
