/**
 * One jxnu record (platforms.md), field names as the platform has always sent them (pinyin
 * initials). Only the shape is checked here; values that come as number or text (xxsc, zt,
 * pxnd) are read in adapter.ts. `xm` (the name) is not read: the hub never keeps names.
 */
import * as z from 'zod';
import { recordIdLengthMax, textLengthMax } from '../../completion.js';
import { hoursMax, minutesPerHour } from '../../hours.js';
import { codeField, textField, trimmedCodeField } from '../field-schemas.js';

/** Every field the hub reads, in the platform's names; problems name one of these (or `records[i]` for a record that is no object). */
export const jxnuFieldNames = [
  'xh',
  'sfzh',
  'kcdm',
  'kcmc',
  'kclb',
  'ztmc',
  'xxsc',
  'wcsj',
  'khjg',
  'zt',
  'pxnd',
] as const;
export type JxnuFieldName = (typeof jxnuFieldNames)[number];

/** Read further by the adapter, which also says when it is missing. */
const anyValue = z.unknown().optional();

export const jxnuRecordSchema = z.object(
  {
    xh: trimmedCodeField(recordIdLengthMax),
    sfzh: anyValue,
    kcdm: codeField(textLengthMax),
    kcmc: textField(textLengthMax),
    kclb: textField(textLengthMax),
    ztmc: textField(textLengthMax),
    xxsc: anyValue,
    wcsj: textField(40),
    khjg: textField(textLengthMax),
    zt: anyValue,
    pxnd: anyValue,
  },
  { error: 'must be an object (one record)' },
);
export type JxnuRecord = z.infer<typeof jxnuRecordSchema>;

/** Study time in whole minutes: a positive whole number up to 4,500 (rules.md: 100 学时 of 45 minutes). */
export const minutesMax = hoursMax * minutesPerHour;
