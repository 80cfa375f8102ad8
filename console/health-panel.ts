/**
 * Per platform: status, last delivery and last accepted record, the 24-hour counts and their
 * chart, the wangti poller's lag; then the dead-letter queues and one redrive button for them all.
 */
import { activityCounters } from '../shared/activity.js';
import {
  ageText,
  type DeadLetterHealth,
  type HealthView,
  type PlatformHealth,
  type PollerHealth,
} from '../shared/ops/health.js';
import type { Redrive } from '../shared/ops/redrive.js';
import { redriveOutcome } from './redrive-outcome.js';
import { callHub } from './api.js';
import { hourlyChart, legend } from './chart.js';
import { beijingTime, el, show } from './dom.js';
import { reportError, reportOutcome } from './notices.js';

const badge = (status: 'ok' | 'attention'): HTMLElement =>
  el('span', { class: `badge status-${status}` }, status === 'ok' ? 'ok' : 'needs attention');

/** Column headers of the 24-hour counts: `unauthorized` are deliveries refused at the door. */
const counterHeaders: Readonly<Record<string, string>> = { unauthorized: 'refused' };

const pollerView = (poller: PollerHealth): HTMLElement =>
  el(
    'dl',
    { class: 'fields poller' },
    el('dt', {}, 'poller lag'),
    el('dd', { 'data-field': 'lag' }, poller.lagSeconds === null ? '—' : ageText(poller.lagSeconds)),
    el('dt', {}, 'last successful poll'),
    el('dd', {}, beijingTime(poller.lastSuccessAt)),
    el('dt', {}, 'cursor'),
    el('dd', {}, el('code', {}, poller.cursor ?? '—')),
    poller.lastError !== null && el('dt', {}, 'last error'),
    poller.lastError !== null && el('dd', { class: 'bad' }, `${beijingTime(poller.lastErrorAt)}: ${poller.lastError}`),
  );

const countsTable = (platform: PlatformHealth): HTMLElement =>
  el(
    'table',
    { class: 'counts' },
    el(
      'tr',
      {},
      ...activityCounters.map((name) => el('th', { scope: 'col', title: name }, counterHeaders[name] ?? name)),
    ),
    el(
      'tr',
      {},
      ...activityCounters.map((name) =>
        el('td', { class: platform.last24h[name] > 0 ? `n-${name}` : 'zero' }, platform.last24h[name]),
      ),
    ),
  );

const platformCard = (platform: PlatformHealth): HTMLElement =>
  el(
    'article',
    { class: `platform status-${platform.status}`, 'data-platform': platform.platform, 'data-status': platform.status },
    el('header', {}, el('h3', {}, platform.platform), badge(platform.status)),
    el(
      'dl',
      { class: 'fields' },
      el('dt', {}, 'last delivery'),
      el('dd', {}, beijingTime(platform.lastDeliveryAt)),
      el('dt', {}, 'last accepted'),
      el('dd', {}, beijingTime(platform.lastAcceptedAt)),
    ),
    platform.poller && pollerView(platform.poller),
    countsTable(platform),
    hourlyChart(platform.platform, platform.hourly),
    platform.notes.length > 0 && el('ul', { class: 'notes' }, ...platform.notes.map((note) => el('li', {}, note))),
  );

const redrive = async (button: HTMLButtonElement, refresh: () => Promise<void>): Promise<void> => {
  button.disabled = true;
  try {
    reportOutcome(redriveOutcome(await callHub<Redrive>('dead-letters/redrive', { method: 'POST' })));
    await refresh();
  } catch (error) {
    reportError('Redrive', error);
    button.disabled = false;
  }
};

const deadLetterRow = (queue: DeadLetterHealth): HTMLElement => {
  const last = queue.lastRedrive;
  return el(
    'tr',
    { 'data-queue': queue.queue },
    el('td', {}, queue.queue),
    el('td', { class: queue.depth > 0 ? 'bad num' : 'num' }, queue.depth),
    el('td', { class: 'num' }, queue.inFlight),
    el('td', {}, queue.oldestAgeSeconds === null ? '—' : ageText(queue.oldestAgeSeconds)),
    el(
      'td',
      {},
      last === null
        ? '—'
        : `${last.status}: ${last.moved} of ${last.toMove ?? '?'} moved${last.failureReason ? ` (${last.failureReason})` : ''}`,
    ),
  );
};

/** One button: the redrive moves every dead-letter queue back to its own queue. */
const redriveButton = (queues: readonly DeadLetterHealth[], refresh: () => Promise<void>): HTMLElement => {
  const button = el(
    'button',
    {
      type: 'button',
      class: 'danger',
      disabled: queues.every((queue) => queue.depth === 0),
      'data-action': 'redrive',
    },
    'Redrive every dead-letter queue',
  );
  button.addEventListener('click', () => void redrive(button, refresh));
  return el('p', {}, button);
};

const deadLetterTable = (queues: readonly DeadLetterHealth[]): HTMLElement =>
  el(
    'table',
    { class: 'dead-letters' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['queue', 'depth', 'in flight', 'oldest', 'last redrive'].map((h) => el('th', { scope: 'col' }, h)),
      ),
    ),
    el('tbody', {}, ...queues.map(deadLetterRow)),
  );

/** The attention lines no platform card shows (the dead-letter queues'). */
const hubWideNotes = (view: HealthView): string[] =>
  view.attention.filter((line) => !view.platforms.some((p) => line.startsWith(`${p.platform}: `)));

/** Draws the health view into `area`. */
export const renderHealth = (area: HTMLElement, view: HealthView, refresh: () => Promise<void>): void => {
  const notes = hubWideNotes(view);
  show(
    area,
    el(
      'p',
      { class: 'summary' },
      badge(view.status),
      ` as of ${beijingTime(view.at)}, counts of the last ${view.windowHours} hours`,
    ),
    notes.length > 0 && el('ul', { class: 'notes' }, ...notes.map((line) => el('li', {}, line))),
    legend(),
    el('div', { class: 'platforms' }, ...view.platforms.map(platformCard)),
    el('h3', {}, 'Dead-letter queues'),
    deadLetterTable(view.deadLetters),
    redriveButton(view.deadLetters, refresh),
  );
};

export const loadHealth = async (area: HTMLElement): Promise<void> => {
  const refresh = () => loadHealth(area);
  renderHealth(area, await callHub<HealthView>('health'), refresh);
};
