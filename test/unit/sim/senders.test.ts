import { describe, expect, it } from 'vitest';
import { DemoArgumentError, demoDefaults, parseDemoArguments } from '../../../scripts/demo/arguments.js';
import { jxnuBatchesOf } from '../../../sim/jxnu.js';
import { csvValue, wangtiCsvOf, type WangtiExportRow } from '../../../sim/wangti-csv.js';
import { pageEndOf } from '../../../sim/wangti-server.js';
import { parseWangtiCsv } from '../../../shared/platforms/wangti/csv.js';

const record = (xh: string, xxsc = 90) => ({ xh, xxsc });

describe('the jxnu sender', () => {
  it('packs records in order into batches of at most the given size', () => {
    const records = Array.from({ length: 7 }, (_, i) => record(`X${i}`));
    expect(jxnuBatchesOf(records, 3).map((b) => b.map((r) => r.xh))).toEqual([
      ['X0', 'X1', 'X2'],
      ['X3', 'X4', 'X5'],
      ['X6'],
    ]);
  });

  it('sends two versions of one xh in one batch, in order (the later record in a batch is the newer)', () => {
    const batches = jxnuBatchesOf([record('A', 90), record('B'), record('A', 135), record('C')], 500);
    expect(batches.map((b) => b.map((r) => `${r.xh}:${r.xxsc}`))).toEqual([['A:90', 'B:90', 'A:135', 'C:90']]);
  });

  it('keeps an identical retry of a record in the same batch', () => {
    expect(jxnuBatchesOf([record('A'), record('A')], 500)).toHaveLength(1);
  });
});

describe('the wangti export pages', () => {
  const row = (id: string, at: string) => ({ 流水号: id, 更新时间: at }) as unknown as WangtiExportRow;
  const log = [row('A', 't1'), row('B', 't1'), row('B', 't1'), row('C', 't2'), row('C', 't2'), row('C', 't2')];

  it('end at the limit where the next row is another change', () => {
    expect(pageEndOf(log, 0, 1)).toBe(1);
    expect(pageEndOf(log, 0, 3)).toBe(3);
  });

  it('never end between rows of one 流水号 with one 更新时间, whose order only a page gives', () => {
    expect(pageEndOf(log, 0, 2)).toBe(1);
    expect(pageEndOf(log, 0, 5)).toBe(3);
    expect(pageEndOf(log, 1, 2)).toBe(3);
  });

  it('split such rows only when they fill the whole page', () => {
    expect(pageEndOf(log, 3, 2)).toBe(5);
    expect(pageEndOf(log, 1, 1)).toBe(2);
  });
});

describe('the wangti export writer', () => {
  it('writes a byte-order mark, CRLF and quotes where values hold commas, quotes or line breaks', () => {
    expect(csvValue('新材料"双碳"路径，案例')).toBe('"新材料""双碳""路径，案例"');
    expect(csvValue('a,b')).toBe('"a,b"');
    expect(csvValue('电子信息\n前沿')).toBe('"电子信息\n前沿"');
    expect(csvValue('plain')).toBe('plain');
    const text = wangtiCsvOf([]);
    expect(text.startsWith('\uFEFF流水号,身份证号')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('writes pages the hub’s parser reads back cell for cell', () => {
    const row = {
      流水号: 'WT-1',
      身份证号: ' 36010219800101123X ',
      姓名: '王五',
      课程编号: 'C',
      课程名称: '电子信息\r\n前沿（上）, "新"',
      科目类别: '专业',
      专题: '电子信息',
      学时: '2.5',
      完成时间: '2024/12/31 23:59:59',
      状态: '有效',
      更新时间: '2024/12/31 23:59:59',
      培训年度: '',
    };
    const page = parseWangtiCsv(wangtiCsvOf([row, row]));
    expect(page.pageProblems).toEqual([]);
    expect(page.rows).toHaveLength(2);
    expect(page.rows[0]).toMatchObject({
      ok: true,
      row: {
        recordId: 'WT-1',
        idCardNo: ' 36010219800101123X ',
        courseTitle: '电子信息\r\n前沿（上）, "新"',
        hours: '2.5',
      },
    });
  });
});

describe('the demo arguments', () => {
  it('default to a run of about a minute', () => {
    expect(parseDemoArguments([])).toEqual({ ...demoDefaults, seed: undefined });
  });

  it('take --people, --completions and --seed in either form', () => {
    expect(parseDemoArguments(['--people', '5', '--completions=50', '--seed', 'x'])).toEqual({
      people: 5,
      completions: 50,
      seed: 'x',
    });
  });

  it('refuse unknown arguments and counts that are not whole numbers', () => {
    expect(() => parseDemoArguments(['--peeple', '5'])).toThrow(DemoArgumentError);
    expect(() => parseDemoArguments(['--people', '0'])).toThrow('--people must be a whole number');
    expect(() => parseDemoArguments(['--completions', '2.5'])).toThrow(DemoArgumentError);
  });
});
