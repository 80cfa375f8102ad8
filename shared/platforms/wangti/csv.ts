/**
 * A wangti export page (platforms.md): RFC 4180 CSV, UTF-8 with a byte-order mark, CRLF line
 * ends, a Chinese header row, values quoted where they hold commas, quotes or line breaks.
 * Parsed by csv-parse (a real RFC 4180 parser), leniently where leniency loses nothing:
 * any line-end style, a stray quote inside an unquoted value kept as text.
 *
 * - Page problems (the page cannot be read as a whole: no header, a required column missing,
 *   a quote never closed) mean nothing on the page may be taken and the cursor must not move.
 * - Row problems (a row whose number of fields differs from the header's) are that row's only.
 *
 * Line numbers are counted here, not taken from csv-parse (whose count is off after a CRLF
 * inside quotes): the header is line 1, and a row is numbered by the line it starts on.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { FieldProblem } from '../../result.js';
import { keyOfColumn, requiredWangtiColumns, wangtiColumns, type WangtiKey } from './columns.js';

/** One data row, by canonical key, every value as text exactly as in the cell; `line` where it starts. */
export type WangtiRow = { readonly line: number } & { readonly [K in WangtiKey]: string };

export type WangtiCsvRow =
  | { readonly ok: true; readonly line: number; readonly row: WangtiRow }
  | {
      readonly ok: false;
      readonly line: number;
      readonly problems: readonly FieldProblem[];
      readonly fields: readonly string[];
    };

export interface WangtiCsvPage {
  readonly rows: readonly WangtiCsvRow[];
  readonly pageProblems: readonly FieldProblem[];
}

/** The field page-level and row-shape problems name (the page or row as a whole, not a column). */
export const wangtiCsvField = 'csv';

const lineBreaks = /\r\n|\r|\n/g;
const breaksIn = (value: string): number => value.match(lineBreaks)?.length ?? 0;
const isBlank = (fields: readonly string[]): boolean => fields.length === 1 && (fields[0] ?? '').trim() === '';

const pageOnly = (message: string, field = wangtiCsvField): WangtiCsvPage => ({
  rows: [],
  pageProblems: [{ field, message }],
});

export const parseWangtiCsv = (text: string): WangtiCsvPage => {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    if (error instanceof CsvError) return pageOnly(`the page is not readable CSV: ${error.message}`);
    throw error;
  }

  let line = 1;
  const numbered = records.map((fields) => {
    const at = line;
    line += 1 + fields.reduce((sum, value) => sum + breaksIn(value), 0);
    return { line: at, fields };
  });
  const lines = numbered.filter(({ fields }) => !isBlank(fields));
  const header = lines[0];
  if (!header) return pageOnly('the page has no header row');

  const positions = new Map<WangtiKey, number>();
  const problems: FieldProblem[] = [];
  header.fields.forEach((name, position) => {
    const key = keyOfColumn(name);
    if (!key) return;
    if (positions.has(key)) problems.push({ field: name.trim(), message: 'column appears twice in the header row' });
    else positions.set(key, position);
  });
  for (const name of requiredWangtiColumns) {
    if (!positions.has(wangtiColumns[name]))
      problems.push({ field: name, message: 'column is missing from the header row' });
  }
  if (problems.length > 0) return { rows: [], pageProblems: problems };

  const width = header.fields.length;
  const rows = lines.slice(1).map(({ line: at, fields }): WangtiCsvRow => {
    if (fields.length !== width) {
      return {
        ok: false,
        line: at,
        fields,
        problems: [
          { field: wangtiCsvField, message: `line ${at} has ${fields.length} fields; the header row has ${width}` },
        ],
      };
    }
    const row = { line: at } as Record<string, string | number>;
    for (const [key, position] of positions) row[key] = fields[position] ?? '';
    return { ok: true, line: at, row: row as WangtiRow };
  });
  return { rows, pageProblems: [] };
};
