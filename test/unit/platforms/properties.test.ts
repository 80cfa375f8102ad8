/**
 * Properties of the three adapters under any input: they never throw; an accepted record is a
 * valid queue version whose sealed ID passes the ID rules; a refusal names, in the platform's
 * own terms, the fields that were wrong; the CSV reader and the signature checks hold for any
 * text, body and secret.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completionVersionSchema, type CompletionVersion } from '../../../shared/completion.js';
import { idCardProblem } from '../../../shared/person/id-card.js';
import { hnuFields, normaliseHnuEvent } from '../../../shared/platforms/hnu/adapter.js';
import { signHnu, verifyHnuSignature } from '../../../shared/platforms/hnu/signature.js';
import { jxnuTimestampField, normaliseJxnuRecord } from '../../../shared/platforms/jxnu/adapter.js';
import { jxnuFieldNames } from '../../../shared/platforms/jxnu/record.js';
import { signJxnu, verifyJxnuSignature } from '../../../shared/platforms/jxnu/signature.js';
import { normaliseWangtiRow, wangtiRowField } from '../../../shared/platforms/wangti/adapter.js';
import { wangtiColumnNames, wangtiColumns } from '../../../shared/platforms/wangti/columns.js';
import { parseWangtiCsv, wangtiCsvField } from '../../../shared/platforms/wangti/csv.js';
import type { Result } from '../../../shared/result.js';
import {
  getAt,
  hostileStringArbitrary,
  otherKindArbitrary,
  pathsOf,
  remove,
  setAt,
  type Path,
} from '../../support/mutations.js';
import {
  contextOf,
  hnuEventOf,
  hnuRevocationOf,
  jxnuRecordOf,
  now,
  testCrypto,
  wangtiCellsOf,
  wangtiCsvOf,
  wangtiHeader,
  wangtiRowOf,
} from '../../support/platform-payloads.js';

const runs = { numRuns: 300 };
const context = contextOf();

const hnuFieldSet = new Set<string>([...Object.values(hnuFields), 'body', 'data', 'data.learner', 'data.course']);
const jxnuFieldSet = (field: string) =>
  (jxnuFieldNames as readonly string[]).includes(field) ||
  field === jxnuTimestampField ||
  /^records\[\d+\]$/.test(field);
const wangtiFieldSet = new Set<string>([...wangtiColumnNames, wangtiRowField, wangtiCsvField]);

/** What every outcome of every adapter must satisfy. */
const expectSound = (result: Result<CompletionVersion>, belongs: (field: string) => boolean) => {
  if (result.ok) {
    expect(completionVersionSchema.safeParse(result.value).success).toBe(true);
    if (result.value.kind === 'completion') {
      const id = testCrypto.decrypt(result.value.person.idCardEnc);
      expect(idCardProblem(id)).toBeUndefined();
      expect(result.value.person.personKey).toBe(testCrypto.personKey(id as never));
      expect(result.value.person.idCardLast4).toBe(id.slice(-4));
    }
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  for (const { field, message } of result.problems) {
    expect(field.length, message).toBeGreaterThan(0);
    expect(belongs(field), field).toBe(true);
    expect(message.length).toBeGreaterThan(0);
  }
};

const hnu = (body: unknown) => expectSound(normaliseHnuEvent(body, context), (f) => hnuFieldSet.has(f));
const jxnu = (record: unknown, index = 0) =>
  expectSound(normaliseJxnuRecord(record, index, now, context).result, jxnuFieldSet);
const wangti = (row: unknown) => expectSound(normaliseWangtiRow(row, 0, context).result, (f) => wangtiFieldSet.has(f));

/** A valid payload with one field taken away or replaced by another kind, hostile text, or any JSON. */
const mutated = (valid: Record<string, unknown>): fc.Arbitrary<unknown> => {
  const paths = pathsOf(valid);
  return fc
    .constantFrom(...paths)
    .chain((path: Path) =>
      fc
        .oneof(
          otherKindArbitrary(getAt(valid, path)),
          hostileStringArbitrary,
          fc.jsonValue({ maxDepth: 2 }),
          fc.constant(remove),
        )
        .map((value) => setAt(valid, path, value)),
    );
};

/** Several fields mutated at once. */
const mutatedMany = (valid: Record<string, unknown>): fc.Arbitrary<unknown> =>
  fc
    .array(
      fc.tuple(fc.constantFrom(...pathsOf(valid)), fc.oneof(hostileStringArbitrary, fc.jsonValue({ maxDepth: 1 }))),
      { minLength: 2, maxLength: 5 },
    )
    .map((changes) =>
      changes.reduce<unknown>(
        (body, [path, value]) =>
          getAt(body, path.slice(0, -1)) !== null && typeof getAt(body, path.slice(0, -1)) === 'object'
            ? setAt(body, path, value)
            : body,
        valid,
      ),
    );

const idLike = fc.oneof(
  fc.stringMatching(/^\d{17}[\dXx]$/),
  fc.stringMatching(/^\s?\d{6}(19|20)\d{2}(0\d|1[0-2])([0-2]\d|3[01])\d{3}[\dXx]\s?$/),
);

describe('the adapters under any JSON', () => {
  it('hnu: never throws; accepts only sound versions; names fields as hnu does', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), hnu), runs);
  });

  it('jxnu: never throws; accepts only sound versions; names fields as jxnu does', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.nat(499), (record, index) => jxnu(record, index)),
      runs,
    );
  });

  it('wangti: never throws; accepts only sound versions; names columns as wangti does', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), wangti), runs);
  });
});

describe('the adapters under mutated valid records', () => {
  it('hnu completions and revocations', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(hnuEventOf()), mutated(hnuRevocationOf()), mutatedMany(hnuEventOf())), hnu),
      runs,
    );
  });

  it('jxnu records', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutated(jxnuRecordOf()), mutated(jxnuRecordOf({ zt: 0 })), mutatedMany(jxnuRecordOf())),
        (record) => jxnu(record),
      ),
      runs,
    );
  });

  it('wangti rows', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutated(wangtiRowOf()), mutated(wangtiRowOf({ 状态: '撤销' })), mutatedMany(wangtiRowOf())),
        wangti,
      ),
      runs,
    );
  });

  it('accept an ID-shaped value only when it passes the ID rules, for every platform', () => {
    fc.assert(
      fc.property(idLike, (id) => {
        hnu(hnuEventOf({ learner: { idCardNo: id } }));
        jxnu(jxnuRecordOf({ sfzh: id }));
        wangti(wangtiRowOf({ 身份证号: id }));
        const valid = idCardProblem(id.trim().toUpperCase()) === undefined;
        expect(normaliseJxnuRecord(jxnuRecordOf({ sfzh: id }), 0, now, context).result.ok).toBe(valid);
      }),
      runs,
    );
  });
});

describe('the wangti CSV reader', () => {
  const csvish = fc.string({
    unit: fc.constantFrom(',', '"', '\r', '\n', '\r\n', ' ', 'a', '1', '流', '水', '号', '\uFEFF', '，'),
    maxLength: 200,
  });
  const header = `${wangtiHeader.join(',')}\r\n`;

  it('never throws on any text, and names every problem as wangti does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          csvish,
          csvish.map((text) => header + text),
        ),
        (text) => {
          const page = parseWangtiCsv(text);
          for (const p of page.pageProblems) expect(wangtiFieldSet.has(p.field), p.field).toBe(true);
          let last = 1;
          for (const row of page.rows) {
            expect(row.line).toBeGreaterThan(last);
            last = row.line;
            if (!row.ok) for (const p of row.problems) expect(p.field).toBe(wangtiCsvField);
          }
          if (page.pageProblems.length > 0) expect(page.rows).toEqual([]);
        },
      ),
      runs,
    );
  });

  it('reads back any values written as RFC 4180, each row numbered by the line it starts on', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', ' ', ',', '"', '\r\n', '\n', '\r', '流', '“', '，'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 12, maxLength: 12 }), { maxLength: 6 }),
        fc.constantFrom('\r\n', '\n'),
        fc.boolean(),
        (values, eol, bom) => {
          const rows = values.map((cells) =>
            Object.fromEntries(wangtiHeader.map((column, i) => [column, cells[i] ?? ''])),
          );
          const page = parseWangtiCsv(wangtiCsvOf(rows, { eol, bom }));
          expect(page.pageProblems).toEqual([]);
          let line = 2;
          expect(page.rows).toHaveLength(rows.length);
          page.rows.forEach((parsed, i) => {
            expect(parsed.line).toBe(line);
            line +=
              1 +
              wangtiHeader.reduce(
                (sum, column) => sum + ((rows[i]?.[column] ?? '').match(/\r\n|\r|\n/g)?.length ?? 0),
                0,
              );
            if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
            for (const name of wangtiColumnNames) expect(parsed.row[wangtiColumns[name]]).toBe(rows[i]?.[name]);
          });
        },
      ),
      runs,
    );
  });

  it('reads a page of valid rows, in any column order, into sound versions', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...wangtiHeader], { minLength: wangtiHeader.length }),
        fc.array(
          fc.record({ 学时: fc.integer({ min: 1, max: 10_000 }).map((h) => (h / 100).toFixed(2)), 课程名称: cell() }),
          { minLength: 1, maxLength: 5 },
        ),
        (columns, rows) => {
          const page = parseWangtiCsv(
            wangtiCsvOf(
              rows.map((r, i) => wangtiCellsOf({ ...r, 流水号: `WT-${i}` })),
              { columns },
            ),
          );
          expect(page.rows.map((row) => row.ok && normaliseWangtiRow(row.row, 0, context).result.ok)).toEqual(
            rows.map(() => true),
          );
        },
      ),
      runs,
    );
    function cell() {
      return fc.string({ unit: fc.constantFrom('新', '材', ',', '"', '\r\n', ' '), maxLength: 10 });
    }
  });
});

describe('the signatures', () => {
  const body = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  );
  const secret = fc.string({ minLength: 1, maxLength: 40 });
  const bytesOf = (raw: string | Buffer) => (typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw);
  const flipOne = (raw: string | Buffer, at: number, xor: number): Buffer => {
    const copy = Buffer.from(bytesOf(raw));
    copy[at % copy.length] = (copy[at % copy.length] ?? 0) ^ xor;
    return copy;
  };
  const timestamp = String(Math.floor(now.getTime() / 1000));

  it('hnu: verify for any body and secret, and fail for any single-byte change', () => {
    fc.assert(
      fc.property(body, secret, fc.nat(), fc.integer({ min: 1, max: 255 }), (raw, key, at, xor) => {
        const signature = signHnu(key, timestamp, raw);
        expect(verifyHnuSignature({ secrets: [key], timestamp, signature, rawBody: raw, now })).toEqual({ ok: true });
        if (bytesOf(raw).length === 0) return;
        expect(
          verifyHnuSignature({ secrets: [key], timestamp, signature, rawBody: flipOne(raw, at, xor), now }),
        ).toEqual({ ok: false, reason: 'bad-signature' });
      }),
      runs,
    );
  });

  it('jxnu: verify for any body, secret and nonce, and fail for any single-byte change', () => {
    const ms = String(now.getTime());
    fc.assert(
      fc.property(
        body,
        secret,
        fc.string({ minLength: 1, maxLength: 32 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (raw, key, nonce, at, xor) => {
          const sign = signJxnu(key, { appId: 'app', timestamp: ms, nonce, rawBody: raw });
          const headers = { appId: 'app', timestamp: ms, nonce, sign };
          expect(verifyJxnuSignature({ appId: 'app', secret: key, headers, rawBody: raw, now })).toEqual({ ok: true });
          if (bytesOf(raw).length === 0) return;
          expect(
            verifyJxnuSignature({ appId: 'app', secret: key, headers, rawBody: flipOne(raw, at, xor), now }),
          ).toEqual({ ok: false, reason: 'bad-signature' });
        },
      ),
      runs,
    );
  });

  it('refuse any signature that is not the one computed, for both platforms', () => {
    fc.assert(
      fc.property(hostileStringArbitrary, (forged) => {
        expect(verifyHnuSignature({ secrets: ['s'], timestamp, signature: forged, rawBody: 'x', now }).ok).toBe(false);
        expect(
          verifyJxnuSignature({
            appId: 'a',
            secret: 's',
            headers: { appId: 'a', timestamp: String(now.getTime()), nonce: 'n', sign: forged },
            rawBody: 'x',
            now,
          }).ok,
        ).toBe(false);
      }),
      runs,
    );
  });
});
