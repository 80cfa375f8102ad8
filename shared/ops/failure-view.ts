/**
 * A failure as operators see it (`GET /ops/failures`, `POST /ops/failures/{id}/replay`): the
 * stored facts, the replay history, and the original payload opened and then masked (ID card
 * numbers to their last 4 characters, names entirely). Nothing in a view is in clear.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type * as z from 'zod';
import { maskPayload, maskText, replayInputSchema, type ReplayInput } from '../failures.js';
import type {
  failuresPageSchema,
  failureViewSchema,
  maskedInputSchema,
  replayRecordSchema,
} from './failure-view-schema.js';
import type { StoredFailure } from './stored-failure.js';

export const replayOutcomes = ['enqueued', 'rejected'] as const;
export type ReplayOutcomeName = (typeof replayOutcomes)[number];

/** One replay of a failure, as recorded on it: the type of the schema that documents it, so the two are one. */
export type ReplayRecord = Readonly<z.infer<typeof replayRecordSchema>>;

export const failureStatuses = ['open', 'replayed'] as const;
export type FailureStatus = (typeof failureStatuses)[number];

/**
 * The original input, masked: `payload` is what the platform sent (the event, record, row or
 * message); jxnu adds the batch, the record's place in it and the request's version time.
 */
export type MaskedInput = Readonly<z.output<typeof maskedInputSchema>>;

/** The operator's view of a failure, and `GET /ops/failures`'s page of them: their schemas' types. */
export type FailureView = Readonly<z.output<typeof failureViewSchema>>;
export type FailuresPage = Readonly<z.output<typeof failuresPageSchema>>;

/** Column headers that hold a person's name in a CSV page (wangti: 姓名). */
const nameHeaders = new Set(['姓名', 'name', 'xm']);
/** A whole CSV field of 2 to 4 CJK characters (or with a middle dot, as minority names have): a name, when columns are unknown. */
const bareNameFieldPattern = /(^|[,\n\r])(\s*"?)[\u3400-\u9fff\u00b7\u30fb]{2,6}("?\s*)(?=$|[,\r\n])/gm;

const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * Masks a CSV page (a wangti export page kept because it could not be read): the name column
 * by its header, ID numbers anywhere. When the text does not parse or has no name column,
 * every field that is nothing but 2 to 6 CJK characters is masked: unreadable pages lose some
 * topics and categories in the view, never show a name.
 */
export const maskCsvText = (text: string): string => {
  let rows: string[][] | undefined;
  try {
    rows = parseCsv(text, {
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch {
    rows = undefined;
  }
  const nameColumns = (rows?.[0] ?? []).flatMap((header, i) =>
    nameHeaders.has(header.trim().toLowerCase()) ? [i] : [],
  );
  if (!rows || nameColumns.length === 0)
    return maskText(
      text.replace(
        bareNameFieldPattern,
        (_m, before: string, open: string, close: string) => `${before}${open}***${close}`,
      ),
    );
  return maskText(
    rows
      .map((row, r) => row.map((field, i) => (r > 0 && nameColumns.includes(i) ? '***' : csvField(field))).join(','))
      .join('\r\n'),
  );
};

const bareNameField = /^\s*[\u3400-\u9fff\u00b7\u30fb]{2,6}\s*$/;

/** A wangti row that did not fit the header is kept as its raw `fields`: mask those that could be a name. */
const maskRawFields = (row: Record<string, unknown>): Record<string, unknown> =>
  Array.isArray(row.fields)
    ? {
        ...row,
        fields: row.fields.map((field: unknown) =>
          typeof field === 'string' && bareNameField.test(field) ? '***' : field,
        ),
      }
    : row;

/** Masks every `csv` text in a payload (the wangti poller keeps an unreadable page as `{ cursor, csv }`), then the rest. */
const maskWithCsv = (value: unknown): unknown => {
  if (Array.isArray(value)) return maskPayload(value.map(maskWithCsv));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      key.toLowerCase() === 'csv' && typeof inner === 'string' ? maskCsvText(inner) : maskWithCsv(inner),
    ]);
    return maskPayload(Object.fromEntries(entries));
  }
  return maskPayload(value);
};

/** Text that may be JSON (a queue message, a body kept as text): masked as structure when it parses. */
const maskMaybeJson = (text: string): unknown => {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') return maskPayload(parsed);
  } catch {
    // not JSON: masked as text below
  }
  return maskText(text);
};

export const maskedInputOf = (input: ReplayInput): MaskedInput => {
  switch (input.kind) {
    case 'hnu-event':
      return {
        kind: input.kind,
        payload: typeof input.body === 'string' ? maskMaybeJson(input.body) : maskPayload(input.body),
        receivedAt: input.receivedAt,
      };
    case 'jxnu-record':
      return {
        kind: input.kind,
        payload: maskPayload(input.record),
        receivedAt: input.receivedAt,
        index: input.index,
        versionAt: input.versionAt,
        ...(input.batchNo === undefined ? {} : { batchNo: input.batchNo }),
      };
    case 'wangti-row':
      return { kind: input.kind, payload: maskPayload(maskRawFields(input.row)), receivedAt: input.receivedAt };
    case 'queue-message':
      return { kind: input.kind, payload: maskMaybeJson(input.body) };
    case 'none':
      return { kind: input.kind, payload: maskWithCsv(input.payload) };
  }
};

export class SealedInputError extends Error {
  override readonly name = 'SealedInputError';
}

/** Opens a failure's sealed input: decrypt, JSON, schema. Throws SealedInputError naming what failed. */
export const openInput = (inputEnc: string, decrypt: (sealed: string) => string): ReplayInput => {
  let text: string;
  try {
    text = decrypt(inputEnc);
  } catch (cause) {
    throw new SealedInputError('the sealed payload does not open with the current PERSON_KEY_SECRET', { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SealedInputError('the opened payload is not JSON', { cause });
  }
  const parsed = replayInputSchema.safeParse(value);
  if (!parsed.success)
    throw new SealedInputError(
      `the opened payload is not a replay input: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  return parsed.data;
};

/** The operator's view of a stored failure; a payload that cannot be opened is named, not thrown. */
export const failureViewOf = (stored: StoredFailure, decrypt: (sealed: string) => string): FailureView => {
  const base = {
    id: stored.failureId,
    platform: stored.platform,
    stage: stored.stage,
    reasonCode: stored.reasonCode,
    message: maskText(stored.message),
    recordId: stored.recordId ?? null,
    correlationId: stored.correlationId ?? null,
    failedAt: stored.failedAt,
    status: stored.status,
    replays: stored.replays.map((replay) => ({ ...replay, message: maskText(replay.message) })),
  };
  try {
    return { ...base, input: maskedInputOf(openInput(stored.inputEnc, decrypt)) };
  } catch (error) {
    if (!(error instanceof SealedInputError)) throw error;
    return { ...base, input: null, inputProblem: error.message };
  }
};
