/**
 * Plain-text tables for the operator's command line: aligned columns that also hold Chinese
 * text (two columns wide in a terminal), times in Beijing time as the province reads them.
 */
import type { FailureView } from '../../shared/ops/failure-view.js';
import type { HealthView } from '../../shared/ops/health.js';
import { toBeijingIso } from '../../shared/rules/beijing-time.js';

/** Terminal columns a character takes: two for CJK and full-width forms, one otherwise. */
const isWide = (code: number): boolean =>
  (code >= 0x1100 && code <= 0x115f) ||
  (code >= 0x2e80 && code <= 0xa4cf) ||
  (code >= 0xac00 && code <= 0xd7a3) ||
  (code >= 0xf900 && code <= 0xfaff) ||
  (code >= 0xfe30 && code <= 0xfe4f) ||
  (code >= 0xff00 && code <= 0xff60) ||
  (code >= 0xffe0 && code <= 0xffe6) ||
  (code >= 0x20000 && code <= 0x3fffd);

export const displayWidth = (text: string): number => {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
};

/** Cuts text to at most `max` columns, marking the cut with `…`. */
export const clip = (text: string, max: number): string => {
  if (displayWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
};

const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
  readonly align?: 'left' | 'right';
  /** Columns at most (longer values are clipped). */
  readonly max?: number;
}

/** Header, a rule, and one line per row; columns two spaces apart, trailing spaces trimmed. */
export const table = <T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): string[] => {
  const cells = rows.map((row) =>
    columns.map((column) => (column.max === undefined ? column.value(row) : clip(column.value(row), column.max))),
  );
  const widths = columns.map((column, i) =>
    Math.max(displayWidth(column.header), ...cells.map((line) => displayWidth(line[i] ?? ''))),
  );
  const render = (line: readonly string[]) =>
    line
      .map((cell, i) => (columns[i]?.align === 'right' ? padStart(cell, widths[i] ?? 0) : padEnd(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(columns.map((c) => c.header)), render(widths.map((w) => '-'.repeat(w))), ...cells.map(render)];
};

/** `2024-12-31 23:59:59` in Beijing time, or `-`. */
export const beijingTime = (iso: string | null | undefined): string => {
  if (!iso) return '-';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : toBeijingIso(at).slice(0, 19).replace('T', ' ');
};

export const ageText = (seconds: number | null): string => {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7_200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3_600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
};

export const describeHealth = (health: HealthView): string[] => {
  const lines = [
    `Hub health at ${beijingTime(health.at)} (Beijing time): ${health.status === 'ok' ? 'OK' : 'NEEDS ATTENTION'}`,
    '',
  ];
  lines.push(`Last ${health.windowHours} hours, per platform:`);
  lines.push(
    ...table(health.platforms, [
      { header: 'platform', value: (p) => p.platform },
      { header: 'status', value: (p) => p.status },
      { header: 'last delivery', value: (p) => beijingTime(p.lastDeliveryAt) },
      { header: 'last accepted', value: (p) => beijingTime(p.lastAcceptedAt) },
      { header: 'received', value: (p) => String(p.last24h.received), align: 'right' },
      { header: 'accepted', value: (p) => String(p.last24h.accepted), align: 'right' },
      { header: 'duplicate', value: (p) => String(p.last24h.duplicate), align: 'right' },
      { header: 'rejected', value: (p) => String(p.last24h.rejected), align: 'right' },
      { header: 'failed', value: (p) => String(p.last24h.failed), align: 'right' },
      { header: 'unauthorized', value: (p) => String(p.last24h.unauthorized), align: 'right' },
    ]),
  );
  const poller = health.platforms.find((p) => p.poller)?.poller;
  if (poller) {
    lines.push('', 'wangti poller:');
    lines.push(
      ...table(
        [
          ['cursor', poller.cursor ?? '-'],
          ['last successful poll', beijingTime(poller.lastSuccessAt)],
          ['last attempt', beijingTime(poller.lastAttemptAt)],
          ['behind by', ageText(poller.lagSeconds)],
          [
            'last error',
            poller.lastErrorAt === null ? '-' : `${beijingTime(poller.lastErrorAt)}: ${poller.lastError ?? ''}`,
          ],
        ],
        [
          { header: 'what', value: (row) => row[0] ?? '' },
          { header: 'value', value: (row) => row[1] ?? '', max: 100 },
        ],
      ),
    );
  }
  lines.push('', 'Dead-letter queues:');
  lines.push(
    ...table(health.deadLetters, [
      { header: 'queue', value: (d) => d.queue },
      { header: 'depth', value: (d) => String(d.depth), align: 'right' },
      { header: 'in flight', value: (d) => String(d.inFlight), align: 'right' },
      { header: 'oldest', value: (d) => ageText(d.oldestAgeSeconds), align: 'right' },
      {
        header: 'last redrive',
        value: (d) =>
          d.lastRedrive === null
            ? '-'
            : `${d.lastRedrive.status} ${d.lastRedrive.moved}/${d.lastRedrive.toMove ?? '?'} since ${beijingTime(d.lastRedrive.startedAt)}`,
      },
    ]),
  );
  if (health.attention.length > 0) lines.push('', 'Needs attention:', ...health.attention.map((line) => `  - ${line}`));
  return lines;
};

export const describeFailures = (failures: readonly FailureView[], options: { payload?: boolean } = {}): string[] => {
  if (failures.length === 0) return ['No failures.'];
  const rows = table(failures, [
    { header: 'failed at (Beijing)', value: (f) => beijingTime(f.failedAt) },
    { header: 'platform', value: (f) => f.platform },
    { header: 'stage', value: (f) => f.stage },
    { header: 'reason', value: (f) => f.reasonCode },
    { header: 'status', value: (f) => f.status },
    { header: 'replays', value: (f) => String(f.replays.length), align: 'right' },
    { header: 'record', value: (f) => f.recordId ?? '-', max: 24 },
    { header: 'id', value: (f) => f.id },
    { header: 'message', value: (f) => f.message, max: 80 },
  ]);
  if (!options.payload) return rows;
  // Each failure's row, then its masked payload and replays, indented.
  const [header, rule, ...body] = rows;
  return [
    header ?? '',
    rule ?? '',
    ...body.flatMap((line, i) => {
      const failure = failures[i] as FailureView;
      const payload =
        failure.input === null
          ? `  payload: not readable (${failure.inputProblem ?? 'unknown'})`
          : `  payload (${failure.input.kind}, masked): ${JSON.stringify(failure.input.payload, null, 2).replace(/\n/g, '\n  ')}`;
      const replays = failure.replays.map((r) => `  replay ${beijingTime(r.at)}: ${r.outcome}: ${r.message}`);
      return [line, payload, ...replays, ''];
    }),
  ];
};
