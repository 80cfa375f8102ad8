/**
 * Fuzzing the hnu edge (pure layers, as the webhook calls them): the signature check and the
 * event normaliser never throw on arbitrary input; an invalid record never yields a version
 * (so never credits hours); and every refusal names the field as hnu names it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hnuSignatureHex, signHnu, verifyHnuSignature } from '../../../shared/platforms/hnu/signature.js';
import { normaliseHnuEvent } from '../../../shared/platforms/hnu/adapter.js';
import { idCardCheckCharacter } from '../../../shared/person/id-card.js';
import { exampleJson } from '../../support/examples.js';
import * as fuzz from '../../support/input-fuzz.js';
import { contextOf } from '../../support/platform-payloads.js';

const created = exampleJson('hnu-completion-created.json');
const revoked = exampleJson('hnu-completion-revoked.json');

const now = new Date('2025-01-10T00:00:00Z');
const context = contextOf({ receivedAt: now, now, correlationId: 'fuzz' });
const normalise = (body: unknown) => normaliseHnuEvent(body, context);

/** Fields hnu may leave out, and ones the hub ignores (platforms.md). */
const optional = new Set(['data.learner.name', 'data.learner.employer', 'data.trainingYear', 'data.channel']);
const ignored = new Set(['data.learner.name', 'data.learner.employer', 'data.channel', 'eventId']);

/** Independent of the adapter: what a valid created/updated event must say for its version to be right. */
const expectFaithfulVersion = (body: Record<string, unknown>, version: unknown) => {
  const data = body.data as {
    recordId: string;
    learner: { idCardNo: string };
    course: { credits: unknown; code: string };
    examPassed: boolean;
  };
  const credits = Number(data.course.credits);
  expect(Number.isFinite(credits)).toBe(true);
  expect(credits).toBeGreaterThan(0);
  expect(credits).toBeLessThanOrEqual(100);
  const id = data.learner.idCardNo.trim().toUpperCase();
  expect(id).toMatch(/^\d{17}[\dX]$/);
  expect(idCardCheckCharacter(id.slice(0, 17))).toBe(id[17]);
  expect(version).toMatchObject({
    kind: 'completion',
    recordId: data.recordId,
    hundredths: Math.round(credits * 100),
    passed: data.examPassed,
    person: { idCardLast4: id.slice(-4) },
    course: { code: data.course.code },
  });
};

describe('the hnu signature check under arbitrary input', () => {
  it('never throws, and accepts only the HMAC of the timestamp and the exact body with a known secret', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 }),
        fc.option(fuzz.hostileStringArbitrary, { nil: undefined }),
        fc.option(fuzz.hostileStringArbitrary, { nil: undefined }),
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
        ),
        (secrets, timestamp, signature, rawBody) => {
          const verdict = verifyHnuSignature({ secrets, timestamp, signature, rawBody, now });
          const genuine =
            timestamp !== undefined &&
            signature !== undefined &&
            secrets.some((secret) =>
              signature.split(/\s+/).includes(`v1=${hnuSignatureHex(secret, timestamp, rawBody)}`),
            );
          if (verdict.ok) expect(genuine).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses any one-character change to the signature, the timestamp or the body', () => {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const body = JSON.stringify(created);
    const signature = signHnu('hnu-secret-1', timestamp, body);
    expect(verifyHnuSignature({ secrets: ['hnu-secret-1'], timestamp, signature, rawBody: body, now }).ok).toBe(true);
    const changeOne = (text: string, at: number, to: string) => `${text.slice(0, at)}${to}${text.slice(at + 1)}`;
    fc.assert(
      fc.property(
        fc.constantFrom('signature', 'timestamp', 'body'),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (what, position, character) => {
          const input = { signature, timestamp, body };
          const at = what === 'signature' ? 3 + (position % (signature.length - 3)) : position % input[what].length;
          if (
            input[what][at] === character ||
            (what === 'signature' && input[what][at]?.toLowerCase() === character.toLowerCase())
          )
            return;
          const changed = { ...input, [what]: changeOne(input[what], at, character) };
          expect(
            verifyHnuSignature({
              secrets: ['hnu-secret-1'],
              timestamp: changed.timestamp,
              signature: changed.signature,
              rawBody: changed.body,
              now,
            }).ok,
          ).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the hnu event normaliser under arbitrary input', () => {
  it('never throws on any JSON value, and refuses anything that is not an event with a named field', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) =>
        fuzz.expectExplainedRefusal(
          normalise(value),
          value !== null && typeof value === 'object' && !Array.isArray(value),
        ),
      ),
      { numRuns: 1_000 },
    );
  });

  const requiredPaths = fuzz
    .pathsOf(created)
    .filter(
      (path) =>
        !optional.has(fuzz.dotted(path)) &&
        !ignored.has(fuzz.dotted(path)) &&
        !fuzz.dotted(path).startsWith('data.channel'),
    );

  it('refuses an event with a required field taken away, naming that field', () => {
    fuzz.expectEachRemovalNamed(created, requiredPaths, normalise);
  });

  it('accepts an event without its optional fields, with a faithful version', () => {
    for (const field of ['data.learner.name', 'data.learner.employer', 'data.trainingYear', 'data.channel']) {
      const body = fuzz.setAt(created, field.split('.'), fuzz.remove) as Record<string, unknown>;
      const result = normalise(body);
      expect(result.ok, field).toBe(true);
      if (result.ok) expectFaithfulVersion(body, result.value);
    }
  });

  const replaceable = fuzz
    .pathsOf(created)
    .filter((path) => !ignored.has(fuzz.dotted(path)) && !fuzz.dotted(path).startsWith('data.channel'));
  const textPaths = replaceable.filter((path) => typeof fuzz.getAt(created, path) === 'string');
  it.each([
    ['any field replaced by a value of another kind', fuzz.replacedFieldArbitrary(created, replaceable)],
    ['hostile text in any text field', fc.tuple(fc.constantFrom(...textPaths), fuzz.hostileStringArbitrary)],
  ] as const)('with %s: a refusal naming the field, or a faithful version', (_, changes) => {
    fuzz.expectEachChangeNamedOrFaithful(created, changes, normalise, expectFaithfulVersion, { numRuns: 1_000 });
  });

  /** Wrong check character; or a birth date that is no date (month 13, 30 February) with the right one; or the wrong shape. */
  const invalidIdCardArbitrary = fc.oneof(
    fuzz.wrongCheckIdCardArbitrary,
    fc
      .tuple(
        fc.stringMatching(/^\d{6}$/),
        fc.constantFrom('19801301', '19800230', '20230229', '19800100', '18991231'),
        fc.stringMatching(/^\d{3}$/),
      )
      .map(
        ([area, birth, sequence]) => `${area}${birth}${sequence}${idCardCheckCharacter(`${area}${birth}${sequence}`)}`,
      ),
    fc.stringMatching(/^\d{15,17}$|^\d{19}$|^\d{17}[A-WYZ]$/),
  );

  const invalid: fuzz.InvalidCases<unknown> = [
    [
      'data.course.credits',
      fc.oneof(
        fc.double({ max: 0, noNaN: true }),
        fc.double({ min: 100.01, max: 1e9, noNaN: true }),
        fc.constantFrom('0', '-1', '100.01', '1.234', 'abc', '', 'NaN', '1e2'),
        fc.integer({ min: 101, max: 1e6 }),
      ),
    ],
    ['data.learner.idCardNo', invalidIdCardArbitrary],
    ['data.course.subject', fuzz.notACategoryArbitrary],
    [
      'data.completedAt',
      fc.integer({ min: 11, max: 100_000 }).map((minutes) => new Date(now.getTime() + minutes * 60_000).toISOString()),
    ],
    ['data.trainingYear', fc.oneof(fc.integer({ min: 2025, max: 3000 }), fc.integer({ min: 1900, max: 2022 }))],
  ];

  fuzz.itRefusesEachInvalidField(
    'never credits a record whose %s is invalid, and names it',
    invalid,
    (field, value) => normalise(fuzz.setAt(created, field.split('.'), value)),
    { numRuns: 300 },
  );

  it('a revocation with arbitrary reason text is a withdrawal of exactly its record, or a refusal naming the field', () => {
    fc.assert(
      fc.property(fuzz.hostileStringArbitrary, fuzz.hostileStringArbitrary, (recordId, reason) => {
        const body = fuzz.setAt(fuzz.setAt(revoked, ['data', 'recordId'], recordId), ['data', 'reason'], reason);
        const result = normalise(body);
        if (result.ok) expect(result.value).toMatchObject({ kind: 'withdrawal', recordId, reason });
        else expect(result.problems.every((p) => p.field.startsWith('data.'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
