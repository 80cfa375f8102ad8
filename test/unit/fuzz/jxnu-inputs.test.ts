/**
 * Fuzzing the jxnu edge (pure layers, as the webhook calls them): the signature check, the
 * batch reader and the record normaliser never throw on arbitrary input; an invalid record
 * never yields a credited version; and every refusal names the field as jxnu names it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseJxnuRecord } from '../../../shared/platforms/jxnu/adapter.js';
import { parseJxnuBatch, recordsPerBatchMax } from '../../../shared/platforms/jxnu/batch.js';
import { jxnuFieldNames } from '../../../shared/platforms/jxnu/record.js';
import { signJxnu, verifyJxnuSignature } from '../../../shared/platforms/jxnu/signature.js';
import { idCardCheckCharacter } from '../../../shared/person/id-card.js';
import { exampleText } from '../../support/hub-client.js';
import * as fuzz from '../../support/input-fuzz.js';
import { contextOf } from '../../support/platform-payloads.js';

const now = new Date('2025-01-10T00:00:00Z');
const versionAt = new Date('2025-01-09T00:00:00Z');
const context = contextOf({ receivedAt: now, now, correlationId: 'fuzz' });
const batch = JSON.parse(exampleText('jxnu-batch.json')) as { records: Array<Record<string, unknown>> };
/** The example's first record: valid, zt = 1. */
const record = batch.records[0] as Record<string, unknown>;
const normalise = (value: unknown) => normaliseJxnuRecord(value, 3, versionAt, context).result;

const appId = 'jxnu-app';
const secret = 'jxnu-secret-0123';

/** jxnu's minutes rule said again: half 学时 of 45 minutes, rounded down; under 45 minutes 0 (rules.md: 44 min → 0). */
const hundredthsOfMinutes = (minutes: number): number => (minutes < 45 ? 0 : Math.floor((minutes * 2) / 45) * 50);

/** A credited (passed, not withdrawn) version must be exactly what the record says, checked independently. */
const expectFaithful = (sent: Record<string, unknown>, version: unknown) => {
  const v = version as fuzz.SentVersion;
  expect(v.recordId).toBe(String(sent.xh).trim());
  if (v.kind === 'withdrawal' || v.withdrawn) {
    expect(Number(String(sent.zt).trim()) === 0).toBe(true);
    return;
  }
  const minutes = Number(String(sent.xxsc).trim());
  expect(Number.isInteger(minutes) && minutes > 0 && minutes <= 6_000).toBe(true);
  expect(v.hundredths).toBe(hundredthsOfMinutes(minutes));
  const id = String(sent.sfzh).trim().toUpperCase();
  expect(idCardCheckCharacter(id.slice(0, 17))).toBe(id[17]);
  expect(v.person?.idCardLast4).toBe(id.slice(-4));
  expect(v.passed).toBe(String(sent.khjg).trim() === '合格');
};

describe('the jxnu signature check under arbitrary input', () => {
  const header = fc.option(fuzz.hostileStringArbitrary, { nil: undefined });

  it('never throws, and accepts only the HMAC of app id, timestamp, nonce and body hash, fresh, from the issued app', () => {
    fc.assert(
      fc.property(header, header, header, header, fc.string(), (id, timestamp, nonce, sign, rawBody) => {
        const verdict = verifyJxnuSignature({
          appId,
          secret,
          headers: { appId: id, timestamp, nonce, sign },
          rawBody,
          now,
        });
        if (verdict.ok) {
          expect(id).toBe(appId);
          expect(Math.abs(Number(timestamp) - now.getTime())).toBeLessThanOrEqual(300_000);
          expect(sign?.trim().toLowerCase()).toBe(
            signJxnu(secret, { appId, timestamp: timestamp as string, nonce: nonce as string, rawBody }),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any one-character change to the app id, timestamp, nonce, signature or body', () => {
    const timestamp = String(now.getTime());
    const rawBody = exampleText('jxnu-batch.json');
    const parts = {
      appId,
      timestamp,
      nonce: 'nonce-0123456789',
      sign: signJxnu(secret, { appId, timestamp, nonce: 'nonce-0123456789', rawBody }),
      rawBody,
    };
    const check = (p: typeof parts) =>
      verifyJxnuSignature({
        appId,
        secret,
        headers: { appId: p.appId, timestamp: p.timestamp, nonce: p.nonce, sign: p.sign },
        rawBody: p.rawBody,
        now,
      });
    expect(check(parts).ok).toBe(true);
    fc.assert(
      fc.property(
        fc.constantFrom('appId', 'timestamp', 'nonce', 'sign', 'rawBody') as fc.Arbitrary<keyof typeof parts>,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (what, position, character) => {
          const text = parts[what];
          const at = position % text.length;
          if (text[at] === character || (what === 'sign' && text[at]?.toLowerCase() === character.toLowerCase()))
            return;
          if (what === 'sign' && /\s/.test(character) && (at === 0 || at === text.length - 1)) return; // surrounding white space is trimmed
          expect(check({ ...parts, [what]: `${text.slice(0, at)}${character}${text.slice(at + 1)}` }).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the jxnu batch reader under arbitrary bytes', () => {
  it('never throws; takes only a JSON object with 1 to 500 records, and names body or records otherwise', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
          fc.string(),
          fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
          fc
            .record({
              batch_no: fc.jsonValue(),
              records: fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 3 })),
            })
            .map((value) => JSON.stringify(value)),
          fc.jsonValue({ maxDepth: 2 }).map((records) => JSON.stringify({ batch_no: 'b', records })),
        ),
        (raw) => {
          const read = parseJxnuBatch(raw);
          if (read.ok) {
            expect(read.records.length).toBeGreaterThanOrEqual(1);
            expect(read.records.length).toBeLessThanOrEqual(recordsPerBatchMax);
          } else {
            expect(read.status).toBe(400);
            for (const problem of read.problems) expect(['body', 'records']).toContain(problem.field);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('the jxnu record normaliser under arbitrary input', () => {
  it('never throws on any JSON value; a refusal has problems, each with a field and a message', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => fuzz.expectExplainedRefusal(normalise(value), true)),
      { numRuns: 1_000 },
    );
  });

  const optional = new Set(['pxnd', 'xm']);

  it('refuses a record with a field the hub reads taken away, naming that field', () => {
    const fields = jxnuFieldNames.filter((name) => !optional.has(name)).map((name) => [name]);
    fuzz.expectEachRemovalNamed(record, fields, normalise, fuzz.namesExactly());
  });

  it('with any field replaced by a value of another kind or hostile text: a refusal naming the field, or a faithful version', () => {
    const paths = fuzz.pathsOf(record).filter((path) => fuzz.dotted(path) !== 'xm');
    fuzz.expectEachChangeNamedOrFaithful(
      record,
      fuzz.replacedFieldArbitrary(record, paths, { hostileText: true }),
      normalise,
      expectFaithful,
      { numRuns: 2_000 },
    );
  });

  const invalid: fuzz.InvalidCases<unknown> = [
    [
      'xxsc',
      fc.oneof(
        fc.integer({ max: 0 }),
        fc.integer({ min: 6_001 }),
        fc.double({ min: 0.01, max: 5_999, noNaN: true }).filter((d) => !Number.isInteger(d)),
        fc.constantFrom('abc', '1.5', '', '1e3', 'NaN'),
      ),
    ],
    ['sfzh', fuzz.wrongCheckIdCardArbitrary],
    ['kclb', fuzz.notACategoryArbitrary],
    [
      'wcsj',
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          '2024-02-30 10:00:00',
          '2024-06-01',
          '2024-13-01 10:00:00',
          '2024-06-01 24:00:00',
          '2999-01-01 00:00:00',
        ),
      ),
    ],
    ['khjg', fc.string().filter((s) => !['合格', '不合格'].includes(s.trim()))],
    [
      'pxnd',
      fc.oneof(
        fc.integer({ min: 2025, max: 3000 }),
        fc.integer({ min: 1000, max: 2022 }),
        fc.constantFrom('20２4', 'abcd', '2024.5'),
      ),
    ],
  ];

  fuzz.itRefusesEachInvalidField(
    'never credits a valid (zt = 1) record whose %s is invalid, and names it',
    invalid,
    (field, value) => normalise(fuzz.setAt(record, [field], value)),
    { numRuns: 300 },
  );

  it('a withdrawn record (zt = 0) with any other field broken still withdraws exactly its xh, and credits nothing', () => {
    const paths = fuzz.pathsOf(record).filter((path) => !['xh', 'zt'].includes(fuzz.dotted(path)));
    fc.assert(
      fc.property(fuzz.replacedFieldArbitrary(record, paths), ([path, value]) => {
        const result = normalise(fuzz.setAt(fuzz.setAt(record, ['zt'], 0), path, value));
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.value.recordId).toBe(record.xh);
          expect(fuzz.withdraws(result.value)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
