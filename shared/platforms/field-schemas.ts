/** Zod field schemas with messages a platform can act on: "is missing", "must be text", lengths. */
import * as z from 'zod';

const textError = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : 'must be text'),
};

/** Text as sent (may be empty), at most `max` characters. */
export const textField = (max: number) => z.string(textError).max(max, `must be at most ${max} characters`);

/** An identifier or code as sent: not empty, at most `max` characters. */
export const codeField = (max: number) =>
  z.string(textError).min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** An identifier or code from text where spaces around are noise (CSV cells): trimmed, not empty, at most `max` characters. */
export const trimmedCodeField = (max: number) =>
  z.string(textError).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** The error of an object field: missing, or some other kind of value. */
export const objectError = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : 'must be an object'),
};
