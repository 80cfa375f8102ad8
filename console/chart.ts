/**
 * The last 24 hours of one platform as stacked bars, one per hour: accepted, duplicate,
 * rejected, failed (GET /ops/health `hourly`). Plain SVG, drawn here: nothing to load, and
 * every label is a text node.
 */
import { hourlyCounters, type HourCounts } from '../shared/ops/health.js';
import { el, svg } from './dom.js';

const widthPx = 480;
const heightPx = 140;
const axisPx = 18;
const gapPx = 2;
/** Hour labels every this many bars, so they stay readable. */
const labelEveryHours = 6;

/** `YYYY-MM-DDTHH` (UTC) as the Beijing hour `HH:00`. */
const beijingHour = (hour: string): string => `${String((Number(hour.slice(11, 13)) + 8) % 24).padStart(2, '0')}:00`;

const totalOf = (hour: HourCounts): number => hourlyCounters.reduce((sum, name) => sum + hour[name], 0);

const barOf = (hour: HourCounts, x: number, barPx: number, scale: number): SVGElement => {
  const bar = svg('g', { class: 'bar', 'data-hour': hour.hour });
  let y = heightPx - axisPx;
  for (const name of hourlyCounters) {
    if (hour[name] === 0) continue;
    const h = Math.max(1, hour[name] * scale);
    y -= h;
    bar.append(
      svg('rect', {
        class: `c-${name}`,
        x: x.toFixed(1),
        y: y.toFixed(1),
        width: barPx.toFixed(1),
        height: h.toFixed(1),
      }),
    );
  }
  const counts = hourlyCounters.map((name) => `${name} ${hour[name]}`).join(', ');
  bar.prepend(svg('rect', { class: 'hit', x: x.toFixed(1), y: 0, width: barPx.toFixed(1), height: heightPx - axisPx }));
  bar.append(svg('title', {}, `${beijingHour(hour.hour)} (Beijing): ${counts}`));
  return bar;
};

export const legend = (): HTMLElement =>
  el(
    'ul',
    { class: 'legend' },
    ...hourlyCounters.map((name) => el('li', {}, el('span', { class: `swatch c-${name}` }), name)),
  );

/** The chart of one platform's hours, oldest at the left. */
export const hourlyChart = (platform: string, hours: readonly HourCounts[]): SVGElement => {
  const peak = Math.max(1, ...hours.map(totalOf));
  const scale = (heightPx - axisPx - 12) / peak;
  const slotPx = widthPx / Math.max(1, hours.length);
  const barPx = slotPx - gapPx;
  const total = hours.reduce((sum, hour) => sum + totalOf(hour), 0);
  const chart = svg('svg', {
    class: 'chart',
    viewBox: `0 0 ${widthPx} ${heightPx}`,
    role: 'img',
    'aria-label': `${platform}: ${total} records in the last ${hours.length} hours, at most ${peak} in an hour`,
    'data-platform': platform,
  });
  chart.append(svg('line', { class: 'axis', x1: 0, x2: widthPx, y1: heightPx - axisPx, y2: heightPx - axisPx }));
  chart.append(svg('text', { class: 'peak', x: 2, y: 10 }, `max ${peak}/h`));
  hours.forEach((hour, i) => {
    chart.append(barOf(hour, i * slotPx + gapPx / 2, barPx, scale));
    if (i % labelEveryHours === 0)
      chart.append(
        svg('text', { class: 'tick', x: (i * slotPx + 1).toFixed(1), y: heightPx - 4 }, beijingHour(hour.hour)),
      );
  });
  return chart;
};
