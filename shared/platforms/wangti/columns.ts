/**
 * The wangti export's columns (platforms.md): Chinese header names, matched by name (the
 * columns may come in any order), and the canonical English keys rows carry in the hub.
 * 姓名 (the name) is not read: the hub never keeps names, so it is neither required nor kept.
 */
export const wangtiColumns = {
  流水号: 'recordId',
  身份证号: 'idCardNo',
  课程编号: 'courseCode',
  课程名称: 'courseTitle',
  科目类别: 'category',
  专题: 'topic',
  学时: 'hours',
  完成时间: 'completedAt',
  状态: 'status',
  更新时间: 'updatedAt',
  培训年度: 'trainingYear',
} as const;

export type WangtiColumnName = keyof typeof wangtiColumns;
export type WangtiKey = (typeof wangtiColumns)[WangtiColumnName];

export const wangtiColumnNames = Object.keys(wangtiColumns) as WangtiColumnName[];

/**
 * Every column the hub reads must be in the header, 培训年度 included: its values may be
 * empty, but a page without the column would credit makeup study to the wrong year silently.
 */
export const requiredWangtiColumns: readonly WangtiColumnName[] = wangtiColumnNames;

const nameByKey = new Map<string, WangtiColumnName>(wangtiColumnNames.map((name) => [wangtiColumns[name], name]));

/** The Chinese column name of a canonical key, so problems name the column the platform knows. */
export const columnNameOf = (key: string): string => nameByKey.get(key) ?? key;

/** The canonical key of a header name as sent (trimmed), or undefined for a column the hub does not read. */
export const keyOfColumn = (header: string): WangtiKey | undefined => {
  const name = header.trim();
  return Object.hasOwn(wangtiColumns, name) ? wangtiColumns[name as WangtiColumnName] : undefined;
};
