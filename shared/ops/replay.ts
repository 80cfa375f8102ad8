/**
 * Replay of a failure (`POST /ops/failures/{id}/replay`): its stored input runs through the
 * pipeline again with today's rules and code, as if it had just arrived: the platform's
 * adapter (hnu event, jxnu record, wangti row), then the completions queue; a queue message
 * is parsed again and put back on the queue as it is. The ledger dedupes versions by
 * (platform, record id, version), so a replay never counts anything twice.
 */
import { completionMessageSchema, type CompletionVersion } from '../completion.js';
import type { FailureReasonCode, ReplayInput } from '../failures.js';
import { reasonOfProblems } from '../rules/record-rules.js';
import type { NormaliseContext } from '../platforms/normalise-context.js';
import { describeProblems, problemsFromZod, type FieldProblem, type Result } from '../result.js';
import type { FailureStatus, ReplayRecord } from './failure-view.js';
import type { StoredFailure } from './stored-failure.js';

/** A failure keeps at most this many replays; past it, replaying it is refused (an operator loop, not a fix). */
export const replaysPerFailureMax = 50;

export type ReplayResult =
  | { readonly outcome: 'enqueued'; readonly message: string; readonly versions: number }
  | { readonly outcome: 'rejected'; readonly message: string; readonly problems: readonly FieldProblem[] };

export interface ReplayNormalisers {
  readonly hnu?: (body: unknown, context: NormaliseContext) => Result<CompletionVersion>;
  readonly jxnu?: (
    record: unknown,
    index: number,
    versionAt: string,
    context: NormaliseContext,
  ) => Result<CompletionVersion>;
  readonly wangti?: (
    row: Record<string, unknown>,
    position: number,
    context: NormaliseContext,
  ) => Result<CompletionVersion>;
}

export interface ReplayPorts {
  readonly normalisers: ReplayNormalisers;
  /** The adapters' context for an input first received at `receivedAt` (now, rules, crypto: today's). */
  readonly contextFor: (receivedAt: Date) => NormaliseContext;
  /** Durably enqueues normalised versions (aws/completion-queue.ts). */
  readonly enqueue: (versions: readonly CompletionVersion[]) => Promise<void>;
  /** Puts a message body on the completions queue as it is. */
  readonly sendMessage: (body: string) => Promise<void>;
}

/** The failure cannot be replayed as it is (no input kept, or this hub has no adapter for it). */
export class NotReplayableError extends Error {
  override readonly name = 'NotReplayableError';
}

const rejected = (problems: readonly FieldProblem[]): ReplayResult => ({
  outcome: 'rejected',
  message: describeProblems(problems),
  problems,
});

const dateOf = (iso: string): Date => {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()))
    throw new NotReplayableError(`the stored receivedAt ${JSON.stringify(iso)} is not a time`);
  return at;
};

const enqueueOrReject = async (result: Result<CompletionVersion>, ports: ReplayPorts): Promise<ReplayResult> => {
  if (!result.ok) return rejected(result.problems);
  await ports.enqueue([result.value]);
  return { outcome: 'enqueued', message: `record ${result.value.recordId} enqueued`, versions: 1 };
};

const adapterOf = <F>(adapter: F | undefined, platform: string): F => {
  if (!adapter) throw new NotReplayableError(`this hub has no ${platform} adapter to replay it with`);
  return adapter;
};

/** Runs a stored input through the pipeline again. Bad input is a `rejected` result; only the ports' own errors throw. */
export const replayInput = async (input: ReplayInput, ports: ReplayPorts): Promise<ReplayResult> => {
  switch (input.kind) {
    case 'hnu-event': {
      const normalise = adapterOf(ports.normalisers.hnu, 'hnu');
      let body = input.body;
      // A body that was not JSON was kept as its text.
      if (typeof body === 'string') {
        try {
          body = JSON.parse(body);
        } catch {
          return rejected([{ field: '', message: 'body is not valid JSON' }]);
        }
      }
      return enqueueOrReject(normalise(body, ports.contextFor(dateOf(input.receivedAt))), ports);
    }
    case 'jxnu-record': {
      const normalise = adapterOf(ports.normalisers.jxnu, 'jxnu');
      return enqueueOrReject(
        normalise(input.record, input.index, input.versionAt, ports.contextFor(dateOf(input.receivedAt))),
        ports,
      );
    }
    case 'wangti-row': {
      const normalise = adapterOf(ports.normalisers.wangti, 'wangti');
      return enqueueOrReject(
        normalise(input.row, input.position ?? 0, ports.contextFor(dateOf(input.receivedAt))),
        ports,
      );
    }
    case 'queue-message': {
      let value: unknown;
      try {
        value = JSON.parse(input.body);
      } catch {
        return rejected([{ field: 'message', message: 'message body is not JSON' }]);
      }
      const parsed = completionMessageSchema.safeParse(value);
      if (!parsed.success) return rejected(problemsFromZod(parsed.error, 'message'));
      await ports.sendMessage(input.body);
      return {
        outcome: 'enqueued',
        message: `message with ${parsed.data.versions.length} version(s) put back on the completions queue`,
        versions: parsed.data.versions.length,
      };
    }
    case 'none':
      throw new NotReplayableError('this failure kept no input that the pipeline can take again');
  }
};

/** What a replay changes on the failure: the record appended; replayed when enqueued, else still open with the new reason. */
export interface FailureChange {
  readonly replay: ReplayRecord;
  readonly status: FailureStatus;
  /** The failure's message from now on. */
  readonly message: string;
  /** The failure's reason code from now on: a record still refused is named by the rule it now breaks. */
  readonly reasonCode: FailureReasonCode;
}

export const failureChangeOf = (
  stored: Pick<StoredFailure, 'message' | 'reasonCode'>,
  result: ReplayResult,
  at: Date,
): FailureChange => {
  const replay: ReplayRecord = { at: at.toISOString(), outcome: result.outcome, message: result.message };
  if (result.outcome === 'enqueued')
    return { replay, status: 'replayed', message: stored.message, reasonCode: stored.reasonCode };
  const reasonCode = result.problems.length > 0 ? reasonOfProblems(result.problems) : stored.reasonCode;
  return { replay, status: 'open', message: result.message, reasonCode };
};
