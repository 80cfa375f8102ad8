/** Errors at the edges are values: a result per record, naming the field that was wrong. */
import type { z } from 'zod';

export interface FieldProblem {
  /** Path of the field as the sender named it, e.g. `records[3].sfzh` or `data.course.credits`. */
  readonly field: string;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const problem = <T>(field: string, message: string): Result<T> => ({ ok: false, problems: [{ field, message }] });

/** `sfzh: check character does not match; xxsc: ...` — the form platforms get back. */
export const describeProblems = (problems: readonly FieldProblem[]): string =>
  problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');

export const problemsFromZod = (error: z.ZodError, prefix = ''): FieldProblem[] =>
  error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
