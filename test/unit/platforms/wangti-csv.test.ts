import { describe, expect, it } from 'vitest';
import { requiredWangtiColumns, wangtiColumnNames } from '../../../shared/platforms/wangti/columns.js';
import {
  parseWangtiCsv,
  wangtiCsvField,
  type WangtiCsvPage,
  type WangtiRow,
} from '../../../shared/platforms/wangti/csv.js';
import { exampleText } from '../../support/examples.js';
import { wangtiCellsOf, wangtiCsvOf, wangtiHeader } from '../../support/platform-payloads.js';

const okRows = (page: WangtiCsvPage): WangtiRow[] => {
  expect(page.pageProblems).toEqual([]);
  return page.rows.map((row) => {
    if (!row.ok) throw new Error(`row at line ${row.line} not ok: ${JSON.stringify(row.problems)}`);
    return row.row;
  });
};

describe('wangti CSV pages', () => {
  it('key each row by canonical English names, with the line it starts on', () => {
    const [row] = okRows(parseWangtiCsv(wangtiCsvOf([wangtiCellsOf()])));
    expect(row).toEqual({
      line: 2,
      recordId: 'WT-T-0001',
      idCardNo: wangtiCellsOf().身份证号,
      courseCode: 'WT-ZY-0815',
      courseTitle: '新材料路径',
      category: '专业',
      topic: '新材料',
      hours: '2.5',
      completedAt: '2024/06/01 10:00:00',
      status: '有效',
      updatedAt: '2024/06/01 10:00:00',
      trainingYear: '',
    });
  });

  it('strip the byte-order mark, so the first column is found by its name', () => {
    const withBom = okRows(parseWangtiCsv(wangtiCsvOf([wangtiCellsOf()], { bom: true })));
    const without = okRows(parseWangtiCsv(wangtiCsvOf([wangtiCellsOf()], { bom: false })));
    expect(withBom).toEqual(without);
    expect(withBom[0]?.recordId).toBe('WT-T-0001');
  });

  it('keep quoted commas, doubled quotes and line breaks (CRLF or LF) inside a value', () => {
    const titles = [
      '新材料"双碳"路径，案例',
      'a, b, "c"',
      '电子信息\r\n前沿（上）',
      '电子信息\n前沿（下）',
      ' spaced ',
      '',
    ];
    const rows = okRows(
      parseWangtiCsv(wangtiCsvOf(titles.map((title, i) => wangtiCellsOf({ 流水号: `WT-${i}`, 课程名称: title })))),
    );
    expect(rows.map((row) => row.courseTitle)).toEqual(titles);
    expect(rows.map((row) => row.line)).toEqual([2, 3, 4, 6, 8, 9]);
  });

  it('read LF-only and CR-only pages too', () => {
    for (const eol of ['\n', '\r']) {
      const rows = okRows(
        parseWangtiCsv(wangtiCsvOf([wangtiCellsOf({ 流水号: 'A' }), wangtiCellsOf({ 流水号: 'B' })], { eol })),
      );
      expect(
        rows.map((row) => [row.line, row.recordId]),
        JSON.stringify(eol),
      ).toEqual([
        [2, 'A'],
        [3, 'B'],
      ]);
    }
  });

  it('find columns by name, in whatever order they come', () => {
    const cells = [wangtiCellsOf({ 流水号: 'A' }), wangtiCellsOf({ 流水号: 'B', 培训年度: '2024' })];
    const reversed = okRows(parseWangtiCsv(wangtiCsvOf(cells, { columns: [...wangtiHeader].reverse() })));
    expect(reversed).toEqual(okRows(parseWangtiCsv(wangtiCsvOf(cells))));
  });

  it('ignore columns it does not read, and never keep the name (姓名)', () => {
    const rows = okRows(
      parseWangtiCsv(wangtiCsvOf([{ ...wangtiCellsOf(), 备注: '无' }], { columns: [...wangtiHeader, '备注'] })),
    );
    expect(Object.keys(rows[0] ?? {})).not.toContain('备注');
    expect(JSON.stringify(rows)).not.toContain('测试');
    const withoutName = okRows(
      parseWangtiCsv(wangtiCsvOf([wangtiCellsOf()], { columns: wangtiHeader.filter((c) => c !== '姓名') })),
    );
    expect(withoutName[0]?.recordId).toBe('WT-T-0001');
  });

  it('match header names with spaces around them', () => {
    const text = wangtiCsvOf([wangtiCellsOf()]).replace('流水号,', ' 流水号 ,');
    expect(okRows(parseWangtiCsv(text))[0]?.recordId).toBe('WT-T-0001');
  });

  it.each(requiredWangtiColumns.map((column) => [column]))(
    'make a missing %s column a page problem naming it',
    (column) => {
      const page = parseWangtiCsv(
        wangtiCsvOf([wangtiCellsOf()], { columns: wangtiHeader.filter((c) => c !== column) }),
      );
      expect(page).toEqual({
        rows: [],
        pageProblems: [{ field: column, message: 'column is missing from the header row' }],
      });
    },
  );

  it('name every missing column at once, and a column given twice', () => {
    const page = parseWangtiCsv(wangtiCsvOf([wangtiCellsOf()], { columns: ['流水号', '身份证号', '学时', '学时'] }));
    expect(page.rows).toEqual([]);
    expect(page.pageProblems.map((p) => p.field)).toEqual([
      '学时',
      ...wangtiColumnNames.filter((c) => !['流水号', '身份证号', '学时'].includes(c)),
    ]);
    expect(page.pageProblems[0]?.message).toBe('column appears twice in the header row');
  });

  it('make a row with the wrong number of fields that row’s problem, and read the others', () => {
    const good = wangtiCsvOf([wangtiCellsOf({ 流水号: 'A' }), wangtiCellsOf({ 流水号: 'C' })]);
    const lines = good.split('\r\n');
    const text = [
      lines[0],
      lines[1],
      'WT-B,360102198001011235,多出,一列',
      lines[2],
      `${lines[2]?.replace('C,', 'D,')},extra`,
      '',
    ].join('\r\n');
    const page = parseWangtiCsv(text);
    expect(page.pageProblems).toEqual([]);
    expect(page.rows.map((row) => [row.line, row.ok])).toEqual([
      [2, true],
      [3, false],
      [4, true],
      [5, false],
    ]);
    const ragged = page.rows[1];
    expect(ragged?.ok === false && ragged.problems).toEqual([
      { field: wangtiCsvField, message: 'line 3 has 4 fields; the header row has 12' },
    ]);
    expect(page.rows[3]?.ok === false && page.rows[3].problems[0]?.message).toBe(
      'line 5 has 13 fields; the header row has 12',
    );
  });

  it('skip blank lines, counting them', () => {
    const [header, first] = wangtiCsvOf([wangtiCellsOf({ 流水号: 'A' })]).split('\r\n');
    const text = `${header}\r\n\r\n${first}\r\n   \r\n${first?.replace('T-0001', 'T-0002')}\r\n\r\n`;
    const rows = okRows(parseWangtiCsv(text));
    expect(rows.map((row) => row.line)).toEqual([3, 5]);
  });

  it('keep a stray quote inside an unquoted value as text', () => {
    const text = wangtiCsvOf([wangtiCellsOf()]).replace('新材料路径', '新材料 5" 路径');
    expect(okRows(parseWangtiCsv(text))[0]?.courseTitle).toBe('新材料 5" 路径');
  });

  it('make a quote never closed a page problem: the rest of the page cannot be read', () => {
    const text = wangtiCsvOf([wangtiCellsOf({ 流水号: 'A' }), wangtiCellsOf({ 流水号: 'B' })]).replace(
      '新材料路径',
      '"新材料路径',
    );
    const page = parseWangtiCsv(text);
    expect(page.rows).toEqual([]);
    expect(page.pageProblems).toHaveLength(1);
    expect(page.pageProblems[0]).toMatchObject({
      field: wangtiCsvField,
      message: expect.stringMatching(/^the page is not readable CSV: /),
    });
  });

  it('make a page without a header row a page problem', () => {
    for (const text of ['', '\uFEFF', '\r\n\r\n'])
      expect(parseWangtiCsv(text).pageProblems, JSON.stringify(text)).toEqual([
        { field: wangtiCsvField, message: 'the page has no header row' },
      ]);
  });

  it('read a header-only page as a page without rows', () => {
    expect(parseWangtiCsv(wangtiCsvOf([]))).toEqual({ rows: [], pageProblems: [] });
  });

  it('read the example page like a page built by the factories', () => {
    expect(okRows(parseWangtiCsv(exampleText('wangti-export-page.csv')))).toHaveLength(5);
  });
});
