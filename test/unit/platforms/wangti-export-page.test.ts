import { describe, expect, it } from 'vitest';
import {
  exportPageHeadersOf,
  exportPageUrl,
  limitMax,
  limitMin,
  readWangtiPage,
} from '../../../shared/platforms/wangti/export-page.js';
import { exampleText } from '../../support/examples.js';
import {
  contextOf,
  idCardWithWrongCheck,
  wangtiCellsOf,
  wangtiCsvOf,
  wangtiHeader,
} from '../../support/platform-payloads.js';

const context = contextOf();

describe('the wangti export request', () => {
  it('asks for 1 to 1000 rows', () => {
    expect([limitMin, limitMax]).toEqual([1, 1000]);
  });

  it('has no cursor on the first call and the stored cursor after', () => {
    expect(exportPageUrl('https://wangti.example/', undefined, 500)).toBe(
      'https://wangti.example/api/v2/exports/completions?limit=500',
    );
    expect(exportPageUrl('https://wangti.example/base', 'c/1+2=', 1000)).toBe(
      'https://wangti.example/base/api/v2/exports/completions?cursor=c%2F1%2B2%3D&limit=1000',
    );
    expect(exportPageUrl('http://127.0.0.1:4000', 'abc')).toBe(
      'http://127.0.0.1:4000/api/v2/exports/completions?cursor=abc&limit=1000',
    );
  });

  it('refuses a limit outside 1 to 1000', () => {
    for (const limit of [0, 1001, 1.5, Number.NaN])
      expect(() => exportPageUrl('https://wangti.example', undefined, limit), String(limit)).toThrow(RangeError);
  });
});

describe('the wangti export answer headers', () => {
  it('give the next cursor and whether more is ready, from fetch Headers or a plain object in any case', () => {
    expect(exportPageHeadersOf(new Headers({ 'X-Next-Cursor': 'c2', 'X-Has-More': 'true' }))).toEqual({
      ok: true,
      value: { nextCursor: 'c2', hasMore: true },
    });
    expect(exportPageHeadersOf({ 'x-next-cursor': 'c3', 'x-has-more': 'false' })).toEqual({
      ok: true,
      value: { nextCursor: 'c3', hasMore: false },
    });
    expect(exportPageHeadersOf({ 'X-NEXT-CURSOR': 'c4', 'X-Has-More': ' TRUE ' })).toEqual({
      ok: true,
      value: { nextCursor: 'c4', hasMore: true },
    });
  });

  it('name a missing or unreadable header', () => {
    const fields = (headers: Record<string, string>) => {
      const result = exportPageHeadersOf(headers);
      return result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`);
    };
    expect(fields({ 'X-Has-More': 'false' })).toEqual(['X-Next-Cursor: header is missing']);
    expect(fields({ 'X-Next-Cursor': ' ', 'X-Has-More': 'false' })).toEqual(['X-Next-Cursor: header is empty']);
    expect(fields({ 'X-Next-Cursor': 'c', 'X-Has-More': 'yes' })).toEqual(['X-Has-More: must be true or false']);
    expect(fields({ 'X-Next-Cursor': 'c' })).toEqual(['X-Has-More: header is missing']);
  });
});

describe('reading a wangti page', () => {
  it('gives a result per row in order, with its line, record id and the row to keep for a replay', () => {
    const page = readWangtiPage(exampleText('wangti-export-page.csv'), context);
    expect(page.pageProblems).toEqual([]);
    expect(page.rows.map((row) => [row.line, row.recordId, row.result.ok])).toEqual([
      [2, 'WT-88000123', true],
      [3, 'WT-88000124', true],
      [4, 'WT-88000125', true],
      [6, 'WT-88000077', true],
      [7, 'WT-88000126', true],
    ]);
    expect(page.rows[0]?.row).toMatchObject({
      line: 2,
      recordId: 'WT-88000123',
      courseTitle: '新材料"双碳"路径，案例',
    });
  });

  it('keeps going past bad rows, each with its own problems', () => {
    const text = wangtiCsvOf([
      wangtiCellsOf({ 流水号: 'A' }),
      wangtiCellsOf({ 流水号: 'B', 身份证号: idCardWithWrongCheck() }),
      wangtiCellsOf({ 流水号: 'C' }),
    ]);
    const lines = text.split('\r\n');
    const page = readWangtiPage([...lines.slice(0, 3), 'D,too,few', ...lines.slice(3)].join('\r\n'), context);
    expect(
      page.rows.map((row) => [
        row.line,
        row.recordId,
        row.result.ok ? 'ok' : row.result.problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      ]),
    ).toEqual([
      [2, 'A', 'ok'],
      [3, 'B', '身份证号: check character does not match'],
      [4, undefined, 'csv: line 4 has 3 fields; the header row has 12'],
      [5, 'C', 'ok'],
    ]);
    expect(page.rows[2]?.row).toEqual({ line: 4, fields: ['D', 'too', 'few'] });
  });

  it('takes nothing from a page with page problems', () => {
    const page = readWangtiPage(
      wangtiCsvOf([wangtiCellsOf()], { columns: wangtiHeader.filter((c) => c !== '更新时间') }),
      context,
    );
    expect(page).toEqual({
      rows: [],
      pageProblems: [{ field: '更新时间', message: 'column is missing from the header row' }],
    });
  });
});
