import { describe, expect, it } from 'vitest';
import {
  jxnuBatchAnswer,
  jxnuRecordResultOf,
  parseJxnuBatch,
  recordsPerBatchMax,
} from '../../../shared/platforms/jxnu/batch.js';
import { bodyBytesMax } from '../../../shared/request-limits.js';
import { exampleText } from '../../support/examples.js';
import { jxnuBatchOf, jxnuRecordOf } from '../../support/platform-payloads.js';

const refusedOn = (raw: string | Buffer): string[] => {
  const batch = parseJxnuBatch(raw);
  if (batch.ok) throw new Error('expected a refusal');
  expect(batch.status).toBe(400);
  return batch.problems.map((p) => p.field);
};

describe('jxnu batches', () => {
  it('name the limits: 500 records, 1 MiB', () => {
    expect(recordsPerBatchMax).toBe(500);
    expect(bodyBytesMax).toBe(1_048_576);
  });

  it('read the example: its batch number and its four records in order', () => {
    const batch = parseJxnuBatch(exampleText('jxnu-batch.json'));
    expect(batch.ok && batch.batchNo).toBe('20241231-0007');
    expect(batch.ok && batch.records.map((r) => (r as { xh: string }).xh)).toEqual([
      'JXNU202412310001',
      'JXNU202412310002',
      'JXNU202412310003',
      'JXNU202401150044',
    ]);
  });

  it('take records as they are: judging them is the adapter’s job', () => {
    const batch = parseJxnuBatch(jxnuBatchOf([jxnuRecordOf(), 42, null, { nonsense: true }]));
    expect(batch.ok && batch.records).toEqual([jxnuRecordOf(), 42, null, { nonsense: true }]);
  });

  it('hold 1 to 500 records', () => {
    expect(parseJxnuBatch(jxnuBatchOf([jxnuRecordOf()])).ok).toBe(true);
    expect(parseJxnuBatch(jxnuBatchOf(Array.from({ length: 500 }, (_, i) => jxnuRecordOf({ xh: `X${i}` })))).ok).toBe(
      true,
    );
    expect(refusedOn(jxnuBatchOf([]))).toEqual(['records']);
    expect(refusedOn(jxnuBatchOf(Array.from({ length: 501 }, (_, i) => jxnuRecordOf({ xh: `X${i}` }))))).toEqual([
      'records',
    ]);
  });

  it('answer 400 to a body that is not JSON or not a batch at all', () => {
    expect(refusedOn('{"batch_no": "1", "records": [')).toEqual(['body']);
    expect(refusedOn('')).toEqual(['body']);
    expect(refusedOn('[{"xh": "1"}]')).toEqual(['body']);
    expect(refusedOn('null')).toEqual(['body']);
    expect(refusedOn('{"batch_no": "1"}')).toEqual(['records']);
    expect(refusedOn('{"batch_no": "1", "records": {"0": {}}}')).toEqual(['records']);
    expect(refusedOn(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toEqual(['body']);
  });

  it('read past a byte-order mark, and take bytes as UTF-8', () => {
    const text = jxnuBatchOf([jxnuRecordOf()]);
    expect(parseJxnuBatch(`\uFEFF${text}`).ok).toBe(true);
    const fromBytes = parseJxnuBatch(Buffer.from(text, 'utf8'));
    expect(fromBytes.ok && (fromBytes.records[0] as { kcmc: string }).kcmc).toBe('装备制造数字化转型');
  });

  it('keep going without a batch number', () => {
    const batch = parseJxnuBatch(JSON.stringify({ records: [jxnuRecordOf()] }));
    expect(batch.ok && batch.batchNo).toBeUndefined();
    const numbered = parseJxnuBatch(JSON.stringify({ batch_no: 7, records: [jxnuRecordOf()] }));
    expect(numbered.ok && numbered.batchNo).toBe('7');
  });

  it('answer each record as the spec shows: accepted, or rejected with the problems as text', () => {
    expect(
      jxnuBatchAnswer('B1', [
        jxnuRecordResultOf('X1', { ok: true, value: {} as never }),
        jxnuRecordResultOf('X2', {
          ok: false,
          problems: [
            { field: 'sfzh', message: 'check character does not match' },
            { field: 'xxsc', message: 'must be more than 0 minutes' },
          ],
        }),
      ]),
    ).toEqual({
      batch_no: 'B1',
      results: [
        { xh: 'X1', status: 'accepted' },
        {
          xh: 'X2',
          status: 'rejected',
          error: 'sfzh: check character does not match; xxsc: must be more than 0 minutes',
        },
      ],
    });
  });
});
