/**
 * Replay all failures that match (`POST /ops/failures/replay`): a dry run first shows how many
 * match, the operator confirms, then the job's progress is polled from `GET /ops/jobs/{jobId}`
 * until it is done.
 */
import { callHub } from './api.js';
import { el, show } from './dom.js';
import { reportError, reportOutcome } from './notices.js';
import type { ReplayJob, ReplayPreview, ReplayStarted } from './ops-shapes.js';

/** How often a running job is polled. */
const jobPollMs = 1_000;
/** How long the page follows a job; past it the job runs on, and the summary shows where it got. */
const jobFollowMsMax = 30 * 60_000;

export interface ReplayFilter {
  readonly platform: string;
  readonly reasonCode: string;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

const progressOf = (job: ReplayJob): HTMLElement =>
  el(
    'div',
    { class: `job ${job.status}`, 'data-job': job.jobId, 'data-status': job.status },
    el('progress', { max: Math.max(1, job.matched), value: job.replayed }),
    el(
      'span',
      {},
      `${job.status === 'done' ? 'Done' : 'Running'}: ${job.replayed} of ${job.matched} replayed, ${job.credited} credited, ${job.stillFailing} still failing`,
    ),
  );

const follow = async (area: HTMLElement, jobId: string): Promise<ReplayJob> => {
  const until = Date.now() + jobFollowMsMax;
  for (;;) {
    const job = await callHub<ReplayJob>(`jobs/${encodeURIComponent(jobId)}`);
    show(area, progressOf(job));
    if (job.status === 'done' || Date.now() > until) return job;
    await sleep(jobPollMs);
  }
};

const start = async (area: HTMLElement, filter: ReplayFilter, onDone: () => Promise<void>): Promise<void> => {
  try {
    show(area, 'Starting the replay…');
    const started = await callHub<ReplayStarted>('failures/replay', {
      method: 'POST',
      body: { ...filter, dryRun: false },
    });
    const job = await follow(area, started.jobId);
    const where =
      job.status === 'done'
        ? 'done'
        : `still running after ${jobFollowMsMax / 60_000} min (job ${job.jobId}); no longer followed here`;
    reportOutcome(
      `Replay of ${filter.platform} ${filter.reasonCode} ${where}: ${job.credited} credited, ${job.stillFailing} still failing.`,
    );
    await onDone();
  } catch (error) {
    show(area);
    reportError('Replay all', error);
  }
};

/** The dry run and, when anything matches, the button that starts the job. */
export const previewReplay = async (
  area: HTMLElement,
  filter: ReplayFilter,
  onDone: () => Promise<void>,
): Promise<void> => {
  try {
    const preview = await callHub<ReplayPreview>('failures/replay', {
      method: 'POST',
      body: { ...filter, dryRun: true },
    });
    if (preview.matched === 0) return show(area, 'Nothing matches: no failure to replay.');
    const confirm = el(
      'button',
      { type: 'button', class: 'danger', 'data-action': 'confirm-replay' },
      `Replay ${preview.matched} failure(s)`,
    );
    const cancel = el('button', { type: 'button' }, 'Cancel');
    confirm.addEventListener('click', () => void start(area, filter, onDone));
    cancel.addEventListener('click', () => show(area));
    show(
      area,
      el(
        'div',
        { class: 'preview', 'data-matched': preview.matched },
        `${preview.matched} failure(s) of ${filter.platform} with reason ${filter.reasonCode} match. `,
        confirm,
        ' ',
        cancel,
      ),
    );
  } catch (error) {
    reportError('Replay preview', error);
  }
};
