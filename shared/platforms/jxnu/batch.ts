/**
 * A jxnu request body: a batch of 1 to 500 records (platforms.md). Only a body that is not
 * JSON or not a batch at all is refused whole (400, the platform retries the batch); each
 * record is then judged on its own, and the answer has a result per record, in order.
 */
import type { CompletionVersion } from '../../completion.js';
import { describeProblems, type FieldProblem, type Result } from '../../result.js';

export const recordsPerBatchMax = 500;

export type JxnuBatch =
  | { readonly ok: true; readonly batchNo: string | undefined; readonly records: readonly unknown[] }
  | { readonly ok: false; readonly status: 400; readonly problems: readonly FieldProblem[] };

const refused = (field: string, message: string): JxnuBatch => ({
  ok: false,
  status: 400,
  problems: [{ field, message }],
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

const textOf = (rawBody: string | Buffer): string | undefined => {
  if (typeof rawBody === 'string') return rawBody;
  try {
    return utf8.decode(rawBody);
  } catch {
    return undefined;
  }
};

export const parseJxnuBatch = (rawBody: string | Buffer): JxnuBatch => {
  const text = textOf(rawBody);
  if (text === undefined) return refused('body', 'is not UTF-8 text');
  let value: unknown;
  try {
    // A leading byte-order mark is not JSON, but it is harmless: read past it.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return refused('body', 'is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return refused('body', 'must be a JSON object with batch_no and records');
  const { batch_no: batchNo, records } = value as { batch_no?: unknown; records?: unknown };
  if (!Array.isArray(records)) return refused('records', 'must be a list of records');
  if (records.length === 0 || records.length > recordsPerBatchMax) {
    return refused('records', `must hold 1 to ${recordsPerBatchMax} records, not ${records.length}`);
  }
  return {
    ok: true,
    batchNo: typeof batchNo === 'string' ? batchNo : typeof batchNo === 'number' ? String(batchNo) : undefined,
    records,
  };
};

export interface JxnuRecordResult {
  readonly xh: string | undefined;
  readonly status: 'accepted' | 'rejected';
  readonly error?: string;
}

/** The platform's answer for one record: accepted (taken; duplicates too) or rejected with its reason. */
export const jxnuRecordResultOf = (xh: string | undefined, result: Result<CompletionVersion>): JxnuRecordResult =>
  result.ok ? { xh, status: 'accepted' } : { xh, status: 'rejected', error: describeProblems(result.problems) };

/** The 200 answer body: `{ batch_no, results }`, one result per record, in order. */
export const jxnuBatchAnswer = (batchNo: string | undefined, results: readonly JxnuRecordResult[]) => ({
  batch_no: batchNo,
  results,
});
