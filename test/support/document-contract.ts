/**
 * The two-way contract check of an API document against the running hub, one harness for both
 * documents (the portal's and the operators'): every request the document's own schemas
 * generate (openapi-requests.ts) is answered with a status the document lists for it, never a
 * refusal (400, 422) and never a 5xx; and a request the hub refuses with a 400 is one the
 * document calls invalid too.
 *
 * FUZZ_RUNS and FUZZ_SEED run it longer or elsewhere; the default seed keeps `npm test` the
 * same every time. A test file's tally (tallyLine) shows how many requests were sent.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { answerOf, type Answer } from './answer.js';
import {
  answerJudge,
  documentJudge,
  requestArbitrary,
  urlOf,
  type DocumentedRequest,
  type OpenApiDocument,
  type RequestArbitraryOptions,
} from './openapi-requests.js';

export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 25);
export const fuzzSeed = Number(process.env.FUZZ_SEED ?? 20_261_201);

/** Statuses that say the request itself is wrong: never the answer to a request the document allows. */
const refusals = [400, 422];

export interface DocumentContract {
  readonly doc: OpenApiDocument;
  /** The names of the parameters and body the document finds wrong (openapi-requests.ts documentJudge). */
  readonly judge: (request: DocumentedRequest) => string[];
  /** What is wrong with an answer's body for the schema the document gives its status (openapi-requests.ts answerJudge). */
  readonly judgeAnswer: (request: DocumentedRequest, status: number, body: unknown) => string[];
  /** The hub's base URL (read when a request is sent: the hub starts in beforeAll). */
  readonly baseUrl: () => string;
  /** The bearer key the document's security scheme asks for. */
  readonly key: string;
  /** Requests sent, by operation and status. */
  readonly tally: Map<string, number>;
}

/** The contract of a generated document (read as a client reads it, as JSON); `formats` checks the formats it names. */
export const documentContract = (options: {
  readonly document: unknown;
  readonly formats: Readonly<Record<string, (value: string) => boolean>>;
  readonly baseUrl: () => string;
  readonly key: string;
}): DocumentContract => {
  const doc = JSON.parse(JSON.stringify(options.document)) as OpenApiDocument;
  return {
    doc,
    judge: documentJudge(doc, options.formats),
    judgeAnswer: answerJudge(doc, options.formats),
    baseUrl: options.baseUrl,
    key: options.key,
    tally: new Map(),
  };
};

export const sendDocumented = async (contract: DocumentContract, request: DocumentedRequest): Promise<Answer> => {
  const response = await fetch(`${contract.baseUrl()}${urlOf(request)}`, {
    method: request.method,
    headers: {
      authorization: `Bearer ${contract.key}`,
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  const answer = await answerOf(response);
  const counted = `${request.operationId} ${answer.status}`;
  contract.tally.set(counted, (contract.tally.get(counted) ?? 0) + 1);
  return answer;
};

/**
 * A request the document allows, answered with a status the document lists for it (never a
 * refusal, never a 5xx) and a body its schema for that status describes exactly.
 */
const expectAnsweredAsDocumented = (contract: DocumentContract, request: DocumentedRequest, answer: Answer): void => {
  const documented = Object.keys(contract.doc.paths[request.path]?.[request.method.toLowerCase()]?.responses ?? {});
  const seen = `${request.operationId} ${request.method} ${urlOf(request)} ${JSON.stringify(request.body)} -> ${answer.status} ${JSON.stringify(answer.body)}`;
  expect(refusals, seen).not.toContain(answer.status);
  expect(answer.status, seen).toBeLessThan(500);
  expect(documented, seen).toContain(String(answer.status));
  expect(contract.judgeAnswer(request, answer.status, answer.body), seen).toEqual([]);
};

export interface FuzzOptions extends RequestArbitraryOptions {
  /** What the document says only in words (a time not in the future, since before until): requests that break it are not sent. */
  readonly saysInWords?: (request: DocumentedRequest) => boolean;
  readonly runs?: number;
}

/** Sends `runs` requests of one operation that the document allows, each answered with a status the document lists. */
export const fuzzOperation = async (
  contract: DocumentContract,
  method: string,
  path: string,
  options: FuzzOptions,
): Promise<void> => {
  const saysInWords = options.saysInWords ?? (() => true);
  const requests = requestArbitrary(contract.doc, method, path, options).filter(saysInWords);
  await fc.assert(
    fc.asyncProperty(requests, async (request) => {
      expect(contract.judge(request), 'the generator made a request the document refuses').toEqual([]);
      expectAnsweredAsDocumented(contract, request, await sendDocumented(contract, request));
    }),
    { numRuns: options.runs ?? fuzzRuns, seed: fuzzSeed },
  );
};

/** A request both sides allow: the document finds nothing wrong, and the hub answers it as the document says. */
export const expectAllowedByBoth = async (contract: DocumentContract, request: DocumentedRequest): Promise<Answer> => {
  expect(contract.judge(request), request.operationId).toEqual([]);
  const answer = await sendDocumented(contract, request);
  expectAnsweredAsDocumented(contract, request, answer);
  return answer;
};

/**
 * A request the hub refuses with a 400 naming `field` in `error.details`, and that the document
 * finds wrong in `part` (a parameter's name, or `body`).
 */
export const expectRefusedByBoth = async (
  contract: DocumentContract,
  request: DocumentedRequest,
  field: string,
  part: string,
): Promise<void> => {
  const answer = await sendDocumented(contract, request);
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(contract.judgeAnswer(request, answer.status, answer.body), JSON.stringify(answer.body)).toEqual([]);
  expect(answer.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  expect(contract.judge(request)).toContain(part);
};

/** The requests sent, in total and by operation and status, as one line. */
export const tallyLine = (contract: DocumentContract): string => {
  const counts = [...contract.tally.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  return `${total} requests (runs ${fuzzRuns}, seed ${fuzzSeed}): ${counts.map(([key, count]) => `${key}×${count}`).join(', ')}`;
};
