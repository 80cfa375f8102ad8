/**
 * The operator's incident commands: `summary` (failures by platform and reason), `replay-all`
 * (a preview of how many match, then the job started and followed to its end) and `job ID`.
 */
import { sleep } from '../../shared/sleep.js';
import type { FailureSummary } from '../../shared/ops/failure-summary.js';
import { failurePlatforms } from '../../shared/ops/failure-page.js';
import type { ReplayJobView, ReplayPreview, ReplayStarted } from '../../shared/ops/replay-job.js';
import { flagOf, type Print, UsageError } from './arguments.js';
import { callOps, type OpsTarget } from './client.js';
import { beijingTime, table } from './format.js';

/** How often `replay-all` and `job --follow` read the job's progress. */
export const jobPollMsDefault = 1_000;

const timeOf = (args: readonly string[], name: string): string | undefined => {
  const value = flagOf(args, name);
  if (value !== undefined && Number.isNaN(Date.parse(value)))
    throw new UsageError(`--${name} must be a time such as 2026-12-01T08:00:00+08:00`);
  return value;
};

export const summaryCommand = async (target: OpsTarget, args: readonly string[], print: Print): Promise<number> => {
  const query = new URLSearchParams();
  for (const name of ['since', 'until']) {
    const value = timeOf(args, name);
    if (value !== undefined) query.set(name, value);
  }
  const { body } = await callOps<FailureSummary>(
    target,
    'GET',
    `/ops/failures/summary${query.size > 0 ? `?${query.toString()}` : ''}`,
  );
  print(`Failures from ${beijingTime(body.since)} to ${beijingTime(body.until)} (Beijing): ${body.total}`);
  if (body.groups.length === 0) return 0;
  print('');
  const rows = table(body.groups, [
    { header: 'platform', value: (g) => g.platform },
    { header: 'reason', value: (g) => g.reasonCode },
    { header: 'open', value: (g) => String(g.open), align: 'right' },
    { header: 'replayed', value: (g) => String(g.replayed), align: 'right' },
    { header: 'still failing', value: (g) => String(g.stillFailing), align: 'right' },
    { header: 'total', value: (g) => String(g.total), align: 'right' },
    { header: 'last failed (Beijing)', value: (g) => beijingTime(g.lastFailedAt) },
  ]);
  for (const line of rows) print(line);
  print('');
  print('replay one line: npm run ops -- replay-all --platform P --reason CODE');
  return body.groups.some((g) => g.open + g.stillFailing > 0) ? 1 : 0;
};

export const replayFilterOf = (args: readonly string[]): Record<string, string> => {
  const filter: Record<string, string> = {};
  const platform = flagOf(args, 'platform');
  if (platform !== undefined) {
    if (!(failurePlatforms as readonly string[]).includes(platform))
      throw new UsageError(`--platform must be one of ${failurePlatforms.join(', ')}`);
    filter.platform = platform;
  }
  const reason = flagOf(args, 'reason');
  if (reason !== undefined) filter.reasonCode = reason;
  for (const name of ['since', 'until']) {
    const value = timeOf(args, name);
    if (value !== undefined) filter[name] = value;
  }
  return filter;
};

const progressLine = (job: ReplayJobView): string =>
  `job ${job.jobId}: ${job.status}, replayed ${job.replayed} of ${job.matched}, credited ${job.credited}, still failing ${job.stillFailing}`;

/** Reads the job until it is done, printing each change of its progress. */
export const followJob = async (
  target: OpsTarget,
  jobId: string,
  print: Print,
  pollMs = jobPollMsDefault,
): Promise<number> => {
  let last = '';
  for (;;) {
    const { body } = await callOps<ReplayJobView>(target, 'GET', `/ops/jobs/${encodeURIComponent(jobId)}`);
    const line = progressLine(body);
    if (line !== last) print(line);
    last = line;
    if (body.status === 'done') return body.stillFailing > 0 ? 1 : 0;
    await sleep(pollMs);
  }
};

/** A command that may follow a replay job, reading it every `pollMs`. */
type JobCommand = (target: OpsTarget, args: readonly string[], print: Print, pollMs?: number) => Promise<number>;

export const replayAllCommand: JobCommand = async (target, args, print, pollMs = jobPollMsDefault) => {
  const filter = replayFilterOf(args);
  const described =
    Object.entries(filter)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'every failure';
  const preview = await callOps<ReplayPreview>(target, 'POST', '/ops/failures/replay', {
    ...filter,
    dryRun: true,
  });
  print(`${preview.body.matched} failure(s) match (${described})`);
  if (args.includes('--dry-run') || preview.body.matched === 0) return 0;
  const started = await callOps<ReplayStarted>(target, 'POST', '/ops/failures/replay', filter);
  print(
    `replaying ${started.body.matched} as job ${started.body.jobId} (it runs on in the hub; npm run ops -- job ${started.body.jobId} reads it again)`,
  );
  return followJob(target, started.body.jobId, print, pollMs);
};

export const jobCommand: JobCommand = async (target, args, print, pollMs = jobPollMsDefault) => {
  const jobId = args[0];
  if (!jobId || jobId.startsWith('--')) throw new UsageError('job needs a job id (replay-all prints it)');
  if (args.includes('--follow')) return followJob(target, jobId, print, pollMs);
  const { body } = await callOps<ReplayJobView>(target, 'GET', `/ops/jobs/${encodeURIComponent(jobId)}`);
  print(progressLine(body));
  return 0;
};
