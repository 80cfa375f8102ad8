/** Errors at the edges are values: a result per record, naming the field that was wrong and the rule it broke. */
import type { z } from 'zod';
import type { RecordRule } from './rules/record-rules.js';

export interface FieldProblem {
  /** Path of the field as the sender named it, e.g. `records[3].sfzh` or `data.course.credits`. */
  readonly field: string;
  readonly message: string;
  /** The rule broken (a failure's reason code); absent: the field's shape (`field-missing` / `field-invalid`). */
  readonly rule?: RecordRule;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const problem = <T>(field: string, message: string, rule?: RecordRule): Result<T> => ({
  ok: false,
  problems: [rule === undefined ? { field, message } : { field, message, rule }],
});

/** `sfzh: check character does not match; xxsc: ...` — the form platforms get back. */
export const describeProblems = (problems: readonly FieldProblem[]): string =>
  problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');

const fieldOf = (parts: readonly string[]): string => parts.filter((part) => part !== '').join('.');

/** A problem per field; a field a strict object does not know is named itself (zod's issue names only the object). */
export const problemsFromZod = (error: z.ZodError, prefix = ''): FieldProblem[] =>
  error.issues.flatMap((issue) => {
    const at = [prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ field: fieldOf([...at, key]), message: 'is not a field of this request' }));
    return [{ field: fieldOf(at), message: issue.message }];
  });
