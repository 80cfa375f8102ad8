/**
 * Failures grouped by platform and reason (`GET /ops/failures/summary`); a group opens to its
 * failures with their masked payloads (`GET /ops/failures?platform=&reason=`), each with its
 * own replay, and the group has "replay all" (replay-job.ts).
 */
import type { FailuresPage } from '../shared/ops/failure-view.js';
import { callHub, queryOf } from './api.js';
import { beijingTime, byId, el, show } from './dom.js';
import { failureCard, payloadsOpenMax } from './failure-card.js';
import { reportError } from './notices.js';
import type { FailureGroup, FailureSummary } from './ops-shapes.js';
import { previewReplay, type ReplayFilter } from './replay-job.js';

/** Failures shown per page of a group. */
const failuresPerPage = 20;

const loadFailures = async (area: HTMLElement, filter: ReplayFilter, cursor?: string): Promise<void> => {
  const page = await callHub<FailuresPage>(
    `failures${queryOf({ platform: filter.platform, reason: filter.reasonCode, limit: failuresPerPage, cursor })}`,
  );
  area.querySelector('button.more')?.remove();
  const shown = area.querySelectorAll('article.failure').length;
  area.append(...page.failures.map((failure, i) => failureCard(failure, shown + i < payloadsOpenMax)));
  if (page.failures.length === 0 && cursor === undefined)
    area.append(el('p', { class: 'muted' }, 'No failure of this group is listed.'));
  if (page.nextCursor === null) return;
  const more = el('button', { type: 'button', class: 'more' }, 'More');
  more.addEventListener(
    'click',
    () =>
      void loadFailures(area, filter, page.nextCursor ?? undefined).catch((error: unknown) =>
        reportError('Loading failures', error),
      ),
  );
  area.append(more);
};

const openGroup = async (group: FailureGroup, refresh: () => Promise<void>): Promise<void> => {
  const filter: ReplayFilter = { platform: group.platform, reasonCode: group.reasonCode };
  const detail = byId('failure-detail');
  const jobArea = el('div', { class: 'job-area' });
  const replayAll = el(
    'button',
    { type: 'button', class: 'danger', 'data-action': 'replay-all' },
    'Replay all that match…',
  );
  const list = el('div', { class: 'failure-list' });
  const reload = async (): Promise<void> => {
    show(list);
    await loadFailures(list, filter).catch((error: unknown) => reportError('Loading failures', error));
  };
  // After a job: the summary's counts and this group's failures as they now are.
  replayAll.addEventListener(
    'click',
    () =>
      void previewReplay(jobArea, filter, async () => {
        await Promise.all([refresh(), reload()]);
      }),
  );
  show(detail, el('h3', {}, `${group.platform} · ${group.reasonCode}`), el('p', {}, replayAll), jobArea, list);
  await reload();
};

const groupRow = (group: FailureGroup, refresh: () => Promise<void>): HTMLElement => {
  const open = el('button', { type: 'button', 'data-action': 'open-group' }, 'Show');
  open.addEventListener('click', () => void openGroup(group, refresh));
  return el(
    'tr',
    { 'data-platform': group.platform, 'data-reason': group.reasonCode },
    el('td', {}, group.platform),
    el('td', {}, el('code', {}, group.reasonCode)),
    el('td', { class: group.open > 0 ? 'num bad' : 'num' }, group.open),
    el('td', { class: 'num' }, group.replayed),
    el('td', { class: group.stillFailing > 0 ? 'num bad' : 'num' }, group.stillFailing),
    el('td', {}, beijingTime(group.lastFailedAt)),
    el('td', {}, open),
  );
};

export const loadFailureSummary = async (area: HTMLElement): Promise<void> => {
  const refresh = () => loadFailureSummary(area);
  const summary = await callHub<FailureSummary>('failures/summary');
  const headers = ['platform', 'reason', 'open', 'replayed', 'still failing', 'newest', ''];
  show(
    area,
    el(
      'p',
      { class: 'summary' },
      `${summary.total} failure(s) from ${beijingTime(summary.since)} to ${beijingTime(summary.until)}`,
    ),
    summary.groups.length === 0
      ? el('p', { class: 'muted' }, 'No failures in this window.')
      : el(
          'table',
          { class: 'groups' },
          el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, ...summary.groups.map((group) => groupRow(group, refresh))),
        ),
  );
};
