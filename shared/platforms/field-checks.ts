/** Collects the problems of one record's field checks, so an adapter reports every bad field at once. */
import { problemsFromZod, type FieldProblem, type Result } from '../result.js';
import type { z } from 'zod';
import type { RecordRule } from '../rules/record-rules.js';

export interface FieldChecks {
  readonly problems: FieldProblem[];
  /** The value of a check that passed, or undefined after noting its problems. */
  take<T>(result: Result<T>): T | undefined;
  add(field: string, message: string, rule?: RecordRule): void;
  /**
   * The values, each known to be there, when no check noted a problem; otherwise undefined (and
   * `problems` says why). Each adapter asks this once, instead of testing every value by hand.
   */
  all<T extends Record<string, unknown>>(values: T): { readonly [K in keyof T]: NonNullable<T[K]> } | undefined;
}

export const fieldChecks = (): FieldChecks => {
  const problems: FieldProblem[] = [];
  return {
    problems,
    take: (result) => {
      if (result.ok) return result.value;
      problems.push(...result.problems);
      return undefined;
    },
    add: (field, message, rule) => {
      problems.push(rule === undefined ? { field, message } : { field, message, rule });
    },
    all: <T extends Record<string, unknown>>(values: T) =>
      problems.length > 0 || Object.values(values).some((value) => value === undefined || value === null)
        ? undefined
        : (values as { readonly [K in keyof T]: NonNullable<T[K]> }),
  };
};

/** Zod problems with each field renamed as the platform names it (`renameField`), e.g. an English row key to its Chinese column. */
export const renamedZodProblems = (error: z.ZodError, renameField: (path: string) => string): FieldProblem[] =>
  problemsFromZod(error).map((p) => ({ ...p, field: renameField(p.field) }));
