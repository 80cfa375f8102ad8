/**
 * Builders of valid platform payloads, overridable field by field, for the adapter, intake and
 * webhook tests. Valid by default for the fixed clock `now` (2025-01-15); an override of `undefined` leaves
 * the field out.
 */
import type { NormaliseContext } from '../../shared/platforms/normalise-context.js';
import { idCardCheckCharacter } from '../../shared/person/id-card.js';
import { defaultRuleBook } from '../../shared/rules/year-rules.js';
import { idCardNoOf, testCrypto } from './completions.js';
import { wangtiHeader } from '../../sim/wangti-csv.js';

export { testCrypto };

export const now = new Date('2025-01-15T00:00:00Z');

export const contextOf = (overrides: Partial<NormaliseContext> = {}): NormaliseContext => ({
  receivedAt: now,
  now,
  correlationId: 'corr-platform-test',
  crypto: testCrypto,
  rules: defaultRuleBook,
  ...overrides,
});

/** A valid ID card number (check character computed), and the same with every other check character. */
export const validIdCard = idCardNoOf(421, '19850315');
export const idCardWithWrongCheck = (id: string = validIdCard): string => {
  const right = idCardCheckCharacter(id.slice(0, 17));
  return `${id.slice(0, 17)}${right === '0' ? '1' : '0'}`;
};
/** An ID whose check character is X, for the lower-case x cases. */
export const idCardEndingInX = ((): string => {
  for (let sequence = 0; ; sequence += 1) {
    const id = idCardNoOf(sequence, '19881230');
    if (id.endsWith('X')) return id;
  }
})();

type Fields = Record<string, unknown>;

const withOverrides = (base: Fields, overrides: Fields): Fields => {
  const out: Fields = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
};

// ---------------------------------------------------------------- hnu

export interface HnuOverrides {
  readonly event?: string;
  readonly envelope?: Fields;
  readonly data?: Fields;
  readonly learner?: Fields;
  readonly course?: Fields;
}

export const hnuEventOf = (o: HnuOverrides = {}): Fields =>
  withOverrides(
    {
      event: o.event ?? 'completion.created',
      eventId: 'evt_test_0001',
      occurredAt: '2024-06-01T10:00:00+08:00',
      data: withOverrides(
        {
          recordId: 'HNU-T-0001',
          learner: withOverrides({ idCardNo: validIdCard, name: '测试', employer: '江西省科学院' }, o.learner ?? {}),
          course: withOverrides(
            { code: 'HNU-C-0042', title: '新能源材料前沿', subject: '专业科目', topic: '新能源', credits: 6 },
            o.course ?? {},
          ),
          completedAt: '2024-06-01T10:00:00+08:00',
          examPassed: true,
        },
        o.data ?? {},
      ),
    },
    o.envelope ?? {},
  );

export const hnuRevocationOf = (data: Fields = {}, envelope: Fields = {}): Fields =>
  withOverrides(
    {
      event: 'completion.revoked',
      eventId: 'evt_test_0002',
      occurredAt: '2024-07-01T09:00:00+08:00',
      data: withOverrides({ recordId: 'HNU-T-0001', reason: '考试作弊，成绩作废' }, data),
    },
    envelope,
  );

// ---------------------------------------------------------------- jxnu

export const jxnuRecordOf = (overrides: Fields = {}): Fields =>
  withOverrides(
    {
      xh: 'JXNU-T-0001',
      sfzh: validIdCard,
      xm: '测试',
      kcdm: 'JX-ZY-2024-88',
      kcmc: '装备制造数字化转型',
      kclb: '专业课',
      ztmc: '装备制造',
      xxsc: 135,
      wcsj: '2024-06-01 10:20:30',
      khjg: '合格',
      zt: 1,
    },
    overrides,
  );

export const jxnuBatchOf = (records: readonly unknown[], batchNo = '20250115-0001'): string =>
  JSON.stringify({ batch_no: batchNo, records });

// ---------------------------------------------------------------- wangti

/** The export's columns in the spec's order: the simulated platform's own list (sim/ writes pages; shared/ parses them). */
export { wangtiHeader };
export type WangtiCells = Partial<Record<(typeof wangtiHeader)[number], string>>;

export const wangtiCellsOf = (overrides: WangtiCells = {}): Record<string, string> => ({
  流水号: 'WT-T-0001',
  身份证号: validIdCard,
  姓名: '测试',
  课程编号: 'WT-ZY-0815',
  课程名称: '新材料路径',
  科目类别: '专业',
  专题: '新材料',
  学时: '2.5',
  完成时间: '2024/06/01 10:00:00',
  状态: '有效',
  更新时间: '2024/06/01 10:00:00',
  培训年度: '',
  ...overrides,
});

/** A parsed row by canonical key, as parseWangtiCsv gives it (for the row adapter alone). */
export const wangtiRowOf = (overrides: WangtiCells = {}, line = 2): Record<string, unknown> => {
  const cells = wangtiCellsOf(overrides);
  return {
    line,
    recordId: cells.流水号,
    idCardNo: cells.身份证号,
    courseCode: cells.课程编号,
    courseTitle: cells.课程名称,
    category: cells.科目类别,
    topic: cells.专题,
    hours: cells.学时,
    completedAt: cells.完成时间,
    status: cells.状态,
    updatedAt: cells.更新时间,
    trainingYear: cells.培训年度,
  };
};

/** RFC 4180 quoting, written independently of the parser under test. */
export const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export interface CsvOptions {
  readonly columns?: readonly string[];
  readonly bom?: boolean;
  readonly eol?: string;
}

/** A wangti page: byte-order mark, CRLF and the header in the spec's order unless told otherwise. */
export const wangtiCsvOf = (rows: ReadonlyArray<Record<string, string>>, options: CsvOptions = {}): string => {
  const columns = options.columns ?? wangtiHeader;
  const eol = options.eol ?? '\r\n';
  const lines = [
    columns.map(csvCell).join(','),
    ...rows.map((row) => columns.map((column) => csvCell(row[column] ?? '')).join(',')),
  ];
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join(eol)}${eol}`;
};
