/**
 * The operator's subcommands: health, failures, replay, redrive, poll, audit, and the incident
 * and lookup commands (summary, replay-all, job: ./incidents.ts; person, record: ./lookups.ts). Each prints
 * readable lines and answers the process's exit code (0 fine, 1 something needs attention or
 * failed, 2 wrong usage).
 */
import type { FailuresPage } from '../../shared/ops/failure-view.js';
import { failurePlatforms, failuresPageSizeMax } from '../../shared/ops/failure-page.js';
import { failureReasonCodes } from '../../shared/failures.js';
import type { HealthView } from '../../shared/ops/health.js';
import type { QueueRedrive, Redrive } from '../../shared/ops/redrive.js';
import type { ReplayAnswer } from '../../shared/ops/replay-answer-schema.js';
import type { PollSummary } from '../../shared/platforms/wangti/poll-summary.js';
import { flagOf, type Print, UsageError } from './arguments.js';
import { auditCommand, auditYearOf } from './audit.js';
import { jobCommand, replayAllCommand, summaryCommand } from './incidents.js';
import { firstLineOfStdin, personCommand, recordCommand } from './lookups.js';
import { callOps, OpsRequestError, type OpsTarget } from './client.js';
import { ageText, beijingTime, describeFailures, describeHealth } from './format.js';

export const usage = [
  'usage: npm run ops -- <command>',
  '  health                                   each platform, the wangti poller and the dead-letter queue',
  `  failures [--platform ${failurePlatforms.join('|')}] [--reason CODE] [--limit N] [--cursor C] [--payload]`,
  '                                           failures newest first (--payload: with the masked payload)',
  '  replay FAILURE_ID                        run a failure through the pipeline again',
  '  redrive                                  move dead-lettered messages back to their queue',
  '  poll                                     poll the wangti export now',
  '  audit --year YYYY                        recompute every ledger of a year and list differences',
  '  summary [--since TIME] [--until TIME]    failures counted by platform and reason (open, replayed, still failing)',
  `  replay-all [--platform ${failurePlatforms.join('|')}] [--reason CODE] [--since TIME] [--until TIME] [--dry-run]`,
  '                                           how many match, then replay them all as one job and follow it',
  "  job JOB_ID [--follow]                    a bulk replay job's progress",
  "  person [--year YYYY]                     a person's ledgers, entries, versions and failures; the ID card",
  '                                           number is read from standard input, never from the command line',
  "  record PLATFORM RECORD_ID                one platform record's versions, ledger entry and failures",
  'environment: HUB_URL (default http://127.0.0.1:3000), OPS_API_KEY (default the development key)',
];

export { flagOf, UsageError };

export const failuresQueryOf = (args: readonly string[]): URLSearchParams => {
  const query = new URLSearchParams();
  const platform = flagOf(args, 'platform');
  if (platform !== undefined) {
    if (!(failurePlatforms as readonly string[]).includes(platform))
      throw new UsageError(`--platform must be one of ${failurePlatforms.join(', ')}`);
    query.set('platform', platform);
  }
  const reason = flagOf(args, 'reason');
  if (reason !== undefined) {
    if (!(failureReasonCodes as readonly string[]).includes(reason))
      throw new UsageError(`--reason must be one of ${failureReasonCodes.join(', ')}`);
    query.set('reason', reason);
  }
  const limit = flagOf(args, 'limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > failuresPageSizeMax)
      throw new UsageError(`--limit must be a whole number from 1 to ${failuresPageSizeMax}`);
    query.set('limit', String(n));
  }
  const cursor = flagOf(args, 'cursor');
  if (cursor !== undefined) query.set('cursor', cursor);
  return query;
};

const health = async (target: OpsTarget, print: Print): Promise<number> => {
  const { body } = await callOps<HealthView>(target, 'GET', '/ops/health');
  for (const line of describeHealth(body)) print(line);
  return body.status === 'ok' ? 0 : 1;
};

const failures = async (target: OpsTarget, args: readonly string[], print: Print): Promise<number> => {
  const query = failuresQueryOf(args);
  const { body } = await callOps<FailuresPage>(
    target,
    'GET',
    `/ops/failures${query.size > 0 ? `?${query.toString()}` : ''}`,
  );
  for (const line of describeFailures(body.failures, { payload: args.includes('--payload') })) print(line);
  if (body.nextCursor !== null) {
    const next = new URLSearchParams(query);
    next.set('cursor', body.nextCursor);
    print('');
    print(`more: npm run ops -- failures ${[...next].map(([k, v]) => `--${k} ${v}`).join(' ')}`);
  }
  return 0;
};

const replay = async (target: OpsTarget, args: readonly string[], print: Print): Promise<number> => {
  const id = args[0];
  if (!id) throw new UsageError('replay needs a failure id (see npm run ops -- failures)');
  const { body } = await callOps<ReplayAnswer>(target, 'POST', `/ops/failures/${encodeURIComponent(id)}/replay`);
  print(`replay of ${id}: ${body.replay.outcome}: ${body.replay.message}`);
  print(`the failure is now ${body.failure.status}, replayed ${body.failure.replays.length} time(s):`);
  for (const r of body.failure.replays) print(`  ${beijingTime(r.at)}  ${r.outcome.padEnd(8)}  ${r.message}`);
  return body.replay.outcome === 'enqueued' ? 0 : 1;
};

const redriveLine: Readonly<Record<QueueRedrive['status'], (queue: QueueRedrive) => string>> = {
  started: (queue) =>
    `${queue.queue}: moving ${queue.messagesToMove} message(s) back to the queue (task ${queue.taskHandle}); npm run ops -- health shows its progress`,
  'nothing-to-move': (queue) => `${queue.queue}: the dead-letter queue is empty; nothing to move`,
  'already-running': (queue) =>
    `${queue.queue}: a move is already running, ${queue.messagesToMove} message(s) still to move`,
};

const redrive = async (target: OpsTarget, print: Print): Promise<number> => {
  const { body } = await callOps<Redrive>(target, 'POST', '/ops/dead-letters/redrive');
  for (const queue of body.queues) print(redriveLine[queue.status](queue));
  return 0;
};

const poll = async (target: OpsTarget, print: Print): Promise<number> => {
  const { body } = await callOps<PollSummary>(target, 'POST', '/ops/pollers/wangti/run');
  print(`wangti poll: ${body.outcome}${body.ok ? '' : ' (not ok)'} in ${(body.durationMs / 1000).toFixed(1)} s`);
  print(
    `  pages read ${body.pagesRead}, records taken ${body.recordsTaken}, rows rejected ${body.rowsRejected}, off the topic list ${body.otherTopic}, cursor ${body.cursor ?? '-'}, behind by ${ageText(body.lagSeconds ?? null)}`,
  );
  if (body.error) print(`  ${body.error}`);
  return body.ok ? 0 : 1;
};

/** Runs one subcommand against the hub; errors are printed, never thrown. */
export interface RunOptions {
  /** Where `person` reads the ID card number from (default: the first line of standard input). */
  readonly readIdCardNo?: () => Promise<string>;
  /** How often a followed job is read. */
  readonly jobPollMs?: number;
}

export const runOps = async (
  argv: readonly string[],
  target: OpsTarget,
  print: Print = (line) => console.log(line),
  options: RunOptions = {},
): Promise<number> => {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'health':
        return await health(target, print);
      case 'failures':
        return await failures(target, args, print);
      case 'replay':
        return await replay(target, args, print);
      case 'redrive':
        return await redrive(target, print);
      case 'poll':
        return await poll(target, print);
      case 'audit':
        return await auditCommand({ baseUrl: target.baseUrl, key: target.key, year: auditYearOf(args), print });
      case 'summary':
        return await summaryCommand(target, args, print);
      case 'replay-all':
        return await replayAllCommand(target, args, print, options.jobPollMs);
      case 'job':
        return await jobCommand(target, args, print, options.jobPollMs);
      case 'person':
        return await personCommand(target, args, print, options.readIdCardNo ?? firstLineOfStdin);
      case 'record':
        return await recordCommand(target, args, print);
      default:
        throw new UsageError(command === undefined ? 'a command is needed' : `unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      print(`ops: ${error.message}`);
      for (const line of usage) print(line);
      return 2;
    }
    if (error instanceof OpsRequestError || (error as Error).name === 'AuditRequestError') {
      print(`ops: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
};
