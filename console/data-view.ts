/**
 * Any JSON value as something an operator reads without reading JSON: an object as a list of
 * fields, a list of objects as a table, nested values inside. Field names are shown as they
 * came (a platform's 流水号 stays 流水号); every value goes in as text (dom.ts).
 */
import { el, type Child } from './dom.js';

/** Nesting shown before the rest is given as one line of JSON text. */
const depthMax = 4;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const scalarText = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return String(value);
};

const columnsOf = (rows: readonly Record<string, unknown>[]): string[] => {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return columns;
};

const tableOf = (rows: readonly Record<string, unknown>[], depth: number): HTMLElement => {
  const columns = columnsOf(rows);
  return el(
    'table',
    { class: 'data' },
    el('thead', {}, el('tr', {}, ...columns.map((column) => el('th', { scope: 'col' }, column)))),
    el(
      'tbody',
      {},
      ...rows.map((row) => el('tr', {}, ...columns.map((column) => el('td', {}, dataView(row[column], depth + 1))))),
    ),
  );
};

const fieldsOf = (record: Record<string, unknown>, depth: number): HTMLElement =>
  el(
    'dl',
    { class: 'fields' },
    ...Object.entries(record).flatMap(([key, value]) => [el('dt', {}, key), el('dd', {}, dataView(value, depth + 1))]),
  );

/** The value as elements; `depth` counts the nesting above it. */
export const dataView = (value: unknown, depth = 0): Child => {
  if (depth > depthMax) return el('code', {}, JSON.stringify(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return el('span', { class: 'muted' }, 'none');
    if (value.every(isRecord)) return tableOf(value, depth);
    return el('ul', { class: 'plain' }, ...value.map((item) => el('li', {}, dataView(item, depth + 1))));
  }
  if (isRecord(value)) return fieldsOf(value, depth);
  return scalarText(value);
};
