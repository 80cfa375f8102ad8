/**
 * Fuzzing the hnu edge (pure layers, as the webhook calls them): the signature check and the
 * event normaliser never throw on arbitrary input; an invalid record never yields a version
 * (so never credits hours); and every refusal names the field as hnu names it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hnuSignatureHex, signHnu, verifyHnuSignature } from '../../../shared/platforms/hnu/signature.js';
import { normaliseHnuEvent } from '../../../shared/platforms/hnu/adapter.js';
import type { NormaliseContext } from '../../../shared/platforms/normalise-context.js';
import { idCardCheckCharacter } from '../../../shared/person/id-card.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { testCrypto } from '../../support/completions.js';
import {
  dotted,
  getAt,
  hostileStringArbitrary,
  otherKindArbitrary,
  pathsOf,
  remove,
  setAt,
  type Path,
} from '../../support/mutations.js';

const here = dirname(fileURLToPath(import.meta.url));
const example = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(here, '..', '..', '..', '..', 'shared', 'examples', name), 'utf8'));
const created = example('hnu-completion-created.json');
const revoked = example('hnu-completion-revoked.json');

const now = new Date('2025-01-10T00:00:00Z');
const context: NormaliseContext = {
  receivedAt: now,
  now,
  correlationId: 'fuzz',
  crypto: testCrypto,
  rules: defaultRuleBook,
};
const normalise = (body: unknown) => normaliseHnuEvent(body, context);

/** Fields hnu may leave out, and ones the hub ignores (platforms.md). */
const optional = new Set(['data.learner.name', 'data.learner.employer', 'data.trainingYear', 'data.channel']);
const ignored = new Set(['data.learner.name', 'data.learner.employer', 'data.channel', 'eventId']);

/** A problem names the touched field when its field is that path, inside it, or the object that holds it. */
const names = (problems: ReadonlyArray<{ field: string }>, path: Path): boolean =>
  problems.some(
    ({ field }) =>
      field !== '' &&
      (field === dotted(path) || field.startsWith(`${dotted(path)}.`) || dotted(path).startsWith(`${field}.`)),
  );

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
        fc.option(hostileStringArbitrary, { nil: undefined }),
        fc.option(hostileStringArbitrary, { nil: undefined }),
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
      fc.property(fc.jsonValue(), (value) => {
        const result = normalise(value);
        if (result.ok) return;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(0);
        if (value !== null && typeof value === 'object' && !Array.isArray(value))
          for (const problem of result.problems) expect(problem.field).not.toBe('');
      }),
      { numRuns: 1_000 },
    );
  });

  const requiredPaths = pathsOf(created).filter(
    (path) => !optional.has(dotted(path)) && !ignored.has(dotted(path)) && !dotted(path).startsWith('data.channel'),
  );

  it('refuses an event with a required field taken away, naming that field', () => {
    for (const path of requiredPaths) {
      const result = normalise(setAt(created, path, remove));
      expect({ path: dotted(path), ok: result.ok }).toEqual({ path: dotted(path), ok: false });
      if (!result.ok)
        expect(names(result.problems, path), `${dotted(path)}: ${JSON.stringify(result.problems)}`).toBe(true);
    }
  });

  it('accepts an event without its optional fields, with a faithful version', () => {
    for (const field of ['data.learner.name', 'data.learner.employer', 'data.trainingYear', 'data.channel']) {
      const body = setAt(created, field.split('.'), remove) as Record<string, unknown>;
      const result = normalise(body);
      expect(result.ok, field).toBe(true);
      if (result.ok) expectFaithfulVersion(body, result.value);
    }
  });

  it('with any field replaced by a value of another kind: a refusal naming the field, or a faithful version', () => {
    const paths = pathsOf(created).filter(
      (path) => !ignored.has(dotted(path)) && !dotted(path).startsWith('data.channel'),
    );
    fc.assert(
      fc.property(
        fc
          .constantFrom(...paths)
          .chain((path) => fc.tuple(fc.constant(path), otherKindArbitrary(getAt(created, path)))),
        ([path, value]) => {
          const body = setAt(created, path, value) as Record<string, unknown>;
          const result = normalise(body);
          if (result.ok) expectFaithfulVersion(body, result.value);
          else
            expect(
              names(result.problems, path),
              `${dotted(path)} = ${JSON.stringify(value)}: ${JSON.stringify(result.problems)}`,
            ).toBe(true);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('with hostile text in any text field: a refusal naming the field, or a faithful version', () => {
    const textPaths = pathsOf(created).filter(
      (path) =>
        typeof getAt(created, path) === 'string' && !ignored.has(dotted(path)) && dotted(path) !== 'data.channel',
    );
    fc.assert(
      fc.property(fc.constantFrom(...textPaths), hostileStringArbitrary, (path, value) => {
        const body = setAt(created, path, value) as Record<string, unknown>;
        const result = normalise(body);
        if (result.ok) expectFaithfulVersion(body, result.value);
        else
          expect(
            names(result.problems, path),
            `${dotted(path)} = ${JSON.stringify(value).slice(0, 80)}: ${JSON.stringify(result.problems)}`,
          ).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  /** Wrong check character; or a birth date that is no date (month 13, 30 February) with the right one; or the wrong shape. */
  const invalidIdCardArbitrary = fc.oneof(
    fc.stringMatching(/^\d{17}$/).chain((first17) =>
      fc
        .constantFrom(...'0123456789Xx'.split(''))
        .filter((c) => c.toUpperCase() !== idCardCheckCharacter(first17))
        .map((c) => `${first17}${c}`),
    ),
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

  const invalid: Array<[string, fc.Arbitrary<unknown>]> = [
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
    [
      'data.course.subject',
      fc.string().filter((s) => !['公需科目', '公需课', '公需', '专业科目', '专业课', '专业'].includes(s.trim())),
    ],
    [
      'data.completedAt',
      fc.integer({ min: 11, max: 100_000 }).map((minutes) => new Date(now.getTime() + minutes * 60_000).toISOString()),
    ],
    ['data.trainingYear', fc.oneof(fc.integer({ min: 2025, max: 3000 }), fc.integer({ min: 1900, max: 2022 }))],
  ];

  it.each(invalid.map(([field, arbitrary]) => [field, arbitrary] as const))(
    'never credits a record whose %s is invalid, and names it',
    (field, arbitrary) => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          const result = normalise(setAt(created, field.split('.'), value));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(field);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('a revocation with arbitrary reason text is a withdrawal of exactly its record, or a refusal naming the field', () => {
    fc.assert(
      fc.property(hostileStringArbitrary, hostileStringArbitrary, (recordId, reason) => {
        const body = setAt(setAt(revoked, ['data', 'recordId'], recordId), ['data', 'reason'], reason);
        const result = normalise(body);
        if (result.ok) expect(result.value).toMatchObject({ kind: 'withdrawal', recordId, reason });
        else expect(result.problems.every((p) => p.field.startsWith('data.'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
