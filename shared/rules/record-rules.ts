/**
 * The rules a platform record can break (rules.md, platforms.md), one code each: the reason
 * code of the failure it becomes, so an incident (a new category spelling, a late rule file)
 * groups into one line of the failures summary and a bulk replay can target exactly it.
 */
import type { FieldProblem } from '../result.js';

export const recordRuleCodes = [
  /** A field the platform must send is missing. */
  'field-missing',
  /** A field is not of the shape the platform contract gives. */
  'field-invalid',
  /** The ID card number is not 17 digits and a check character with a real birth date. */
  'id-card-invalid',
  /** The ID card number's check character does not match (ISO 7064 MOD 11-2). */
  'id-check-character',
  /** The category is not one of 公需科目/公需课/公需 or 专业科目/专业课/专业. */
  'category-not-on-list',
  /** The hours are not a number of 学时 with at most two decimals, or not whole minutes. */
  'hours-invalid',
  /** The hours are 0 or less, or more than 100 学时 (jxnu: 4,500 minutes). */
  'hours-out-of-range',
  /** A time is not a real time in the platform's format. */
  'time-invalid',
  /** The completion time is more than 10 minutes in the future. */
  'completion-in-future',
  /** The version time is more than 10 minutes in the future. */
  'version-in-future',
  /** The training year is not a year. */
  'training-year-invalid',
  /** The training year is neither the completion year nor the year before. */
  'training-year-out-of-range',
  /** No rule file is configured for the credit year. */
  'no-rules-for-year',
  /** An exam result or record status is not one the platform contract gives. */
  'status-invalid',
] as const;

export type RecordRule = (typeof recordRuleCodes)[number];

/** The rule a field problem broke: named by the check, or else a matter of the field's shape. */
export const ruleOfProblem = (problem: FieldProblem): RecordRule =>
  problem.rule ?? (problem.message === 'is missing' ? 'field-missing' : 'field-invalid');

/** A record's reason code: the first rule its problems name, else the first shape problem (the message lists them all). */
export const reasonOfProblems = (problems: readonly FieldProblem[]): RecordRule => {
  const first = problems.find((p) => p.rule !== undefined) ?? problems[0];
  return first === undefined ? 'field-invalid' : ruleOfProblem(first);
};
