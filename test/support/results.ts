/** Reading an adapter's result in a test that expects one kind of outcome: anything else fails, saying what came. */
import type { CompletionRecord, CompletionVersion, Withdrawal } from '../../shared/completion.js';
import { describeProblems, type Result } from '../../shared/result.js';

export class UnexpectedOutcomeError extends Error {
  override readonly name = 'UnexpectedOutcomeError';
}

/** The completion the result holds. */
export const completionIn = (result: Result<CompletionVersion>): CompletionRecord => {
  if (!result.ok || result.value.kind !== 'completion')
    throw new UnexpectedOutcomeError(`expected a completion: ${JSON.stringify(result)}`);
  return result.value;
};

/** The withdrawal the result holds. */
export const withdrawalIn = (result: Result<CompletionVersion>): Withdrawal => {
  if (!result.ok || result.value.kind !== 'withdrawal')
    throw new UnexpectedOutcomeError(`expected a withdrawal: ${JSON.stringify(result)}`);
  return result.value;
};

/** The refusal's problems as the hub words them ("field: message; ..."). */
export const refusalIn = (result: Result<unknown>): string => {
  if (result.ok) throw new UnexpectedOutcomeError(`expected a refusal: ${JSON.stringify(result.value)}`);
  return describeProblems(result.problems);
};
