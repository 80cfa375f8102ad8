/**
 * Reading one page of the wangti export (platforms.md): the request's limits, the answer's
 * cursor headers, and the page's rows normalised — pure, for the poller to call.
 *
 * The poller may move its cursor to `X-Next-Cursor` only when the page has no page problems
 * and every row is either enqueued or kept as a failure ("never advance the cursor past
 * records that are not yet safely taken").
 */
import * as z from 'zod';
import { deliveryPositionsMax, type CompletionVersion } from '../../completion.js';
import { problemsFromZod, type FieldProblem, type Result } from '../../result.js';
import type { NormaliseContext } from '../normalise-context.js';
import { normaliseWangtiRow } from './adapter.js';
import { parseWangtiCsv, wangtiCsvField } from './csv.js';

export const limitMin = 1;
export const limitMax = 1000;
export const exportPath = '/api/v2/exports/completions';

/** The URL of the page after `cursor` (none: the first page), `limit` rows at most. */
export const exportPageUrl = (baseUrl: string, cursor: string | undefined, limit: number = limitMax): string => {
  if (!Number.isInteger(limit) || limit < limitMin || limit > limitMax)
    throw new RangeError(`limit must be a whole number from ${limitMin} to ${limitMax}, not ${limit}`);
  const query = new URLSearchParams();
  if (cursor !== undefined) query.set('cursor', cursor);
  query.set('limit', String(limit));
  return `${baseUrl.replace(/\/+$/, '')}${exportPath}?${query.toString()}`;
};

const header = () => z.string({ error: (issue) => (issue.input === undefined ? 'header is missing' : 'must be text') });

/** The answer's headers: `X-Next-Cursor` (store it, send it next time) and `X-Has-More` (`true`/`false`). */
export const exportPageSchema = z.object({
  'X-Next-Cursor': header().trim().min(1, 'header is empty'),
  'X-Has-More': header()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
    .transform((value) => value === 'true'),
});

export interface ExportPageHeaders {
  readonly nextCursor: string;
  readonly hasMore: boolean;
}

type HeaderSource = { get(name: string): string | null } | Readonly<Record<string, string | undefined>>;

const headerValue = (headers: HeaderSource, name: string): string | undefined => {
  if (typeof headers.get === 'function')
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  const lower = name.toLowerCase();
  const entry = Object.entries(headers as Record<string, string | undefined>).find(
    ([key]) => key.toLowerCase() === lower,
  );
  return entry?.[1];
};

/** The cursor headers of an answer (fetch `Headers` or a plain object, any letter case). */
export const exportPageHeadersOf = (headers: HeaderSource): Result<ExportPageHeaders> => {
  const parsed = exportPageSchema.safeParse({
    'X-Next-Cursor': headerValue(headers, 'X-Next-Cursor'),
    'X-Has-More': headerValue(headers, 'X-Has-More'),
  });
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error) };
  return { ok: true, value: { nextCursor: parsed.data['X-Next-Cursor'], hasMore: parsed.data['X-Has-More'] } };
};

export interface WangtiPageRow {
  /** The line the row starts on (the header is line 1). */
  readonly line: number;
  /** The row's place in the page (0: the first row): orders rows of one 流水号 with one 更新时间. */
  readonly position: number;
  readonly recordId: string | undefined;
  readonly result: Result<CompletionVersion>;
  /** What a failure keeps for a replay (`wangti-row`): the row by canonical key, or the raw fields of a row that did not fit the header. */
  readonly row: Readonly<Record<string, unknown>>;
}

export interface WangtiPage {
  readonly rows: readonly WangtiPageRow[];
  /** Non-empty: nothing on this page may be taken, and the cursor must stay where it is. */
  readonly pageProblems: readonly FieldProblem[];
}

/** A page's CSV text → a result per row, in order, or the problems of the page as a whole. */
export const readWangtiPage = (csvText: string, context: NormaliseContext): WangtiPage => {
  const page = parseWangtiCsv(csvText);
  if (page.pageProblems.length > 0) return { rows: [], pageProblems: page.pageProblems };
  if (page.rows.length > deliveryPositionsMax) {
    return {
      rows: [],
      pageProblems: [
        {
          field: wangtiCsvField,
          message: `holds ${page.rows.length} rows; a page holds at most ${deliveryPositionsMax} (the hub asks for ${limitMax})`,
        },
      ],
    };
  }
  const rows = page.rows.map((parsed, position): WangtiPageRow => {
    if (!parsed.ok)
      return {
        line: parsed.line,
        position,
        recordId: undefined,
        result: { ok: false, problems: parsed.problems },
        row: { line: parsed.line, fields: parsed.fields },
      };
    const { recordId, result } = normaliseWangtiRow(parsed.row, position, context);
    return { line: parsed.line, position, recordId, result, row: parsed.row };
  });
  return { rows, pageProblems: [] };
};
