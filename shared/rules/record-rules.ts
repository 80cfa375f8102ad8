/**
 * The rules a platform record can break (rules.md, platforms.md), one code each: the reason
 * code of the failure it becomes, so an incident (a new category spelling, a late rule file)
 * groups into one line of the failures summary and a bulk replay can target exactly it.
 */
import type { FieldProblem } from '../result.js';

export const recordRules = {
  'field-missing': 'a field the platform must send is missing',
  'field-invalid': 'a field is not of the shape the platform contract gives',
  'id-card-invalid': 'the ID card number is not 17 digits and a check character with a real birth date',
  'id-check-character': 'the ID card number’s check character does not match (ISO 7064 MOD 11-2)',
  'category-not-on-list': 'the category is not one of 公需科目/公需课/公需 or 专业科目/专业课/专业',
  'hours-invalid': 'the hours are not a number of 学时 (at most two decimals) or whole minutes',
  'hours-out-of-range': 'the hours are 0 or less, or more than 100 学时 (jxnu: 4,500 minutes)',
  'time-invalid': 'a time is not a real time in the platform’s format',
  'completion-in-future': 'the completion time is more than 10 minutes in the future',
  'version-in-future': 'the version time is more than 10 minutes in the future',
  'training-year-invalid': 'the training year is not a year',
  'training-year-out-of-range': 'the training year is neither the completion year nor the year before',
  'no-rules-for-year': 'no rule file is configured for the credit year',
  'status-invalid': 'an exam result or record status is not one the platform contract gives',
} as const;

export type RecordRule = keyof typeof recordRules;
export const recordRuleCodes = Object.keys(recordRules) as RecordRule[];

/** The rule a field problem broke: named by the check, or else a matter of the field's shape. */
export const ruleOfProblem = (problem: FieldProblem): RecordRule =>
  problem.rule ?? (problem.message === 'is missing' ? 'field-missing' : 'field-invalid');

/** A record's reason code: the first rule its problems name, else the first shape problem (the message lists them all). */
export const reasonOfProblems = (problems: readonly FieldProblem[]): RecordRule => {
  const first = problems.find((p) => p.rule !== undefined) ?? problems[0];
  return first === undefined ? 'field-invalid' : ruleOfProblem(first);
};
