/**
 * Writes a wangti export page as the platform does (platforms.md): UTF-8 with a byte-order
 * mark, CRLF line ends, the Chinese header row, and values quoted (quotes doubled) where they
 * hold commas, quotes or line breaks.
 */
export const wangtiHeader = [
  '流水号',
  '身份证号',
  '姓名',
  '课程编号',
  '课程名称',
  '科目类别',
  '专题',
  '学时',
  '完成时间',
  '状态',
  '更新时间',
  '培训年度',
] as const;
export type WangtiColumn = (typeof wangtiHeader)[number];
/** One export row, by Chinese column name, every value as text. */
export type WangtiExportRow = Readonly<Record<WangtiColumn, string>>;

const needsQuotes = /[",\r\n]/;

export const csvValue = (value: string): string => (needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const wangtiCsvOf = (rows: readonly WangtiExportRow[], header: readonly string[] = wangtiHeader): string =>
  `\uFEFF${[header.map(csvValue).join(','), ...rows.map((row) => header.map((column) => csvValue(row[column as WangtiColumn] ?? '')).join(','))].join('\r\n')}\r\n`;

/** Two rows of one record with one 更新时间: only their order in a page tells which is newer. */
export const sameVersionTime = (a: WangtiExportRow | undefined, b: WangtiExportRow | undefined): boolean =>
  a !== undefined && b !== undefined && a.流水号.trim() === b.流水号.trim() && a.更新时间.trim() === b.更新时间.trim();
