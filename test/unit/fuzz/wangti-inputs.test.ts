/**
 * Fuzzing the wangti edge (pure layers, as the poller calls them): the CSV reader gives back
 * exactly the cells an RFC 4180 writer put in (commas, quotes, line breaks, BOM, any line end),
 * never throws on arbitrary or cut-off text, and keeps a page it cannot read whole from being
 * taken; the row normaliser never credits an invalid row and names the column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseWangtiRow } from '../../../shared/platforms/wangti/adapter.js';
import { wangtiColumnNames, wangtiColumns } from '../../../shared/platforms/wangti/columns.js';
import { parseWangtiCsv, wangtiCsvField } from '../../../shared/platforms/wangti/csv.js';
import { readWangtiPage } from '../../../shared/platforms/wangti/export-page.js';
import { idCardCheckCharacter } from '../../../shared/person/id-card.js';
import { exampleText } from '../../support/hub-client.js';
import { wangtiHeader } from '../../../sim/wangti-csv.js';
import * as fuzz from '../../support/input-fuzz.js';
import { contextOf } from '../../support/platform-payloads.js';

const now = new Date('2025-02-01T00:00:00Z');
const context = contextOf({ receivedAt: now, now, correlationId: 'fuzz' });
const header = [...wangtiHeader];

/** RFC 4180, written independently of the reader: every field quoted, quotes doubled, CRLF between records. */
const csvOf = (rows: readonly (readonly string[])[], options: { bom?: boolean; lineEnd?: string } = {}): string =>
  `${options.bom === false ? '' : '\uFEFF'}${rows.map((fields) => fields.map((field) => `"${field.replace(/"/g, '""')}"`).join(',')).join(options.lineEnd ?? '\r\n')}`;

const cellArbitrary = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(',', '"', '""', '\r\n', '\n', '\r', 'a,"b"\r\nc', '，', '“引号”', '\uFEFF', ' '),
);

/** A valid row (the example's second record), by column name. */
const validRow: Record<string, string> = {
  recordId: 'WT-88000124',
  idCardNo: '360702199007204414',
  courseCode: 'WT-GX-0002',
  courseTitle: '打造“三大高地”、实施“五大战略”，走好新时代赶考之路',
  category: '公需',
  topic: '打造“三大高地”、实施“五大战略”，走好新时代赶考之路',
  hours: '10',
  completedAt: '2024/03/08 09:30:00',
  status: '有效',
  updatedAt: '2024/03/08 09:30:00',
  trainingYear: '',
};
const normalise = (row: unknown) => normaliseWangtiRow(row, 0, context).result;
const columnOf = (key: string): string => wangtiColumnNames.find((name) => wangtiColumns[name] === key) ?? key;
const columnNamed = fuzz.namesExactly(([key]) => columnOf(String(key)));

/** A credited version must be exactly what the row says, checked independently. */
const expectFaithful = (row: Record<string, unknown>, version: unknown) => {
  const v = version as fuzz.SentVersion;
  expect(v.recordId).toBe(String(row.recordId).trim());
  if (v.kind === 'withdrawal' || v.withdrawn) {
    expect(String(row.status).trim()).toBe('撤销');
    return;
  }
  const hours = String(row.hours).trim();
  expect(hours).toMatch(/^\d+(\.\d{1,2})?0*$/);
  expect(v.hundredths).toBe(Math.round(Number(hours) * 100));
  expect(v.hundredths).toBeGreaterThan(0);
  expect(v.hundredths).toBeLessThanOrEqual(10_000);
  const id = String(row.idCardNo).trim().toUpperCase();
  expect(idCardCheckCharacter(id.slice(0, 17))).toBe(id[17]);
  expect(v.person?.idCardLast4).toBe(id.slice(-4));
};

describe('the wangti CSV reader', () => {
  it('gives back exactly the cells written, whatever they hold, with any line end and with or without a BOM', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cellArbitrary, { minLength: header.length, maxLength: header.length }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.boolean(),
        fc.constantFrom('\r\n', '\n'),
        (rows, bom, lineEnd) => {
          const page = parseWangtiCsv(csvOf([header, ...rows], { bom, lineEnd }));
          expect(page.pageProblems).toEqual([]);
          expect(page.rows).toHaveLength(rows.length);
          page.rows.forEach((parsed, i) => {
            expect(parsed.ok).toBe(true);
            if (!parsed.ok) return;
            for (const [position, name] of header.entries()) {
              const key = (wangtiColumns as Record<string, string>)[name];
              if (key) expect((parsed.row as unknown as Record<string, string>)[key]).toBe(rows[i]?.[position]);
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary text, and a page it cannot read whole has no rows to take', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '\uFEFF', '"', '流水号\r\n"unclosed')),
        (text) => {
          const page = parseWangtiCsv(text);
          if (page.pageProblems.length > 0) expect(page.rows).toEqual([]);
          for (const problem of page.pageProblems) expect(problem.field).not.toBe('');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('cut off anywhere, the example page is refused whole or read row by row, and every refusal names the csv or a column', () => {
    const text = exampleText('wangti-export-page.csv');
    fc.assert(
      fc.property(fc.nat({ max: text.length }), (cut) => {
        const page = readWangtiPage(text.slice(0, cut), context);
        if (page.pageProblems.length > 0) {
          expect(page.rows).toEqual([]);
          return;
        }
        for (const row of page.rows) {
          if (row.result.ok) continue;
          for (const problem of row.result.problems)
            expect([wangtiCsvField, 'row', ...wangtiColumnNames]).toContain(problem.field);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the wangti row normaliser under arbitrary cells', () => {
  it('refuses a row with a column taken away, naming the column', () => {
    const keys = Object.keys(validRow).filter((k) => k !== 'trainingYear');
    fuzz.expectEachRemovalNamed(
      validRow,
      keys.map((key) => [key]),
      normalise,
      columnNamed,
    );
  });

  it('with any cell replaced by hostile text or a value of another kind: a refusal naming its column, or a faithful version', () => {
    const cells = fc.constantFrom(...Object.keys(validRow)).map((key): fuzz.Path => [key]);
    fuzz.expectEachChangeNamedOrFaithful(
      validRow,
      fc.tuple(cells, fc.oneof(fuzz.hostileStringArbitrary, fuzz.otherKindArbitrary(''))),
      normalise,
      expectFaithful,
      { numRuns: 800, names: columnNamed },
    );
  });

  const invalid: fuzz.InvalidCases<string> = [
    [
      'hours',
      fc.oneof(
        fc.constantFrom('0', '-1', '100.01', '1.234', 'abc', '1e2', 'NaN', '２'),
        fc.integer({ min: 101, max: 1e6 }).map(String),
      ),
    ],
    ['idCardNo', fuzz.wrongCheckIdCardArbitrary],
    ['category', fuzz.notACategoryArbitrary],
    ['completedAt', fc.constantFrom('2024/02/30 10:00:00', '2024/03/08', '2999/01/01 00:00:00', 'yesterday')],
    ['trainingYear', fc.constantFrom('2025', '2022', '24', 'abcd')],
  ];

  fuzz.itRefusesEachInvalidField(
    'never credits a valid (有效) row whose %s is invalid, and names its column',
    invalid,
    (key, value) => normalise({ ...validRow, [key]: value }),
    { numRuns: 200, fieldName: columnOf },
  );

  it('a 撤销 row with any other cell broken still withdraws exactly its 流水号, and credits nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(validRow).filter((k) => !['recordId', 'status', 'updatedAt'].includes(k))),
        fuzz.otherKindArbitrary(''),
        (key, value) => {
          const result = normalise(fuzz.setAt({ ...validRow, status: '撤销' }, [key], value));
          expect(result.ok).toBe(true);
          if (result.ok) expect(fuzz.withdraws(result.value)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
