import { describe, expect, it } from 'vitest';
import { maskPayload, maskText, type ReplayInput } from '../../../shared/failures.js';
import { failureViewOf } from '../../../shared/ops/failure-view.js';
import type { StoredFailure } from '../../../shared/ops/stored-failure.js';
import { createPersonCrypto } from '../../../shared/person/person-key.js';
import { idCardNoOf, testCrypto } from '../../support/completions.js';

const idCardNo = idCardNoOf(42);
const otherCrypto = createPersonCrypto('another-person-key-secret-0123');

const hnuBody = {
  event: 'completion.created',
  eventId: 'evt_1',
  occurredAt: '2024-06-01T10:00:00+08:00',
  data: {
    recordId: 'HNU-1',
    learner: { idCardNo: ` ${idCardNo.toLowerCase()} `, name: '张三', employer: '江西省科学院' },
    course: { code: 'C', title: 'T', subject: '专业科目', topic: '新能源', credits: 6 },
    completedAt: '2024-06-01T10:00:00+08:00',
    examPassed: true,
  },
};

/** A stored failure as aws/failure-store.ts writes it, sealing the given input. */
const storedOf = (input: ReplayInput, overrides: Partial<StoredFailure> = {}): StoredFailure => ({
  failureId: 'f_0lx1abcd0012345678',
  platform: 'hnu',
  stage: 'record',
  reasonCode: 'invalid-record',
  message: 'data.learner.idCardNo: check character does not match',
  recordId: 'HNU-1',
  correlationId: 'req-1',
  failedAt: '2024-06-01T02:00:00.000Z',
  failedAtId: '2024-06-01T02:00:00.000Z#f_0lx1abcd0012345678',
  status: 'open',
  replays: [],
  inputEnc: testCrypto.encrypt(JSON.stringify(input)),
  ...overrides,
});

const noClearPersonalData = (view: unknown) => {
  const text = JSON.stringify(view);
  expect(text).not.toContain(idCardNo);
  expect(text).not.toContain(idCardNo.slice(0, 14));
  expect(text).not.toContain('张三');
  expect(text).not.toContain('李四');
};

describe('a failure as operators see it', () => {
  it('shows the hnu event with the ID card number masked to its last 4 and the name masked', () => {
    const view = failureViewOf(
      storedOf({ kind: 'hnu-event', body: hnuBody, receivedAt: '2024-06-01T02:00:00.000Z' }),
      testCrypto.decrypt,
    );
    expect(view).toMatchObject({
      id: 'f_0lx1abcd0012345678',
      platform: 'hnu',
      stage: 'record',
      reasonCode: 'invalid-record',
      status: 'open',
      replays: [],
    });
    expect(view.input?.payload).toMatchObject({
      data: {
        learner: { idCardNo: `****${idCardNo.slice(-4).toLowerCase()}`, name: '***', employer: '江西省科学院' },
        course: { credits: 6 },
      },
    });
    noClearPersonalData(view);
  });

  it('masks a body that was not JSON as text: ID numbers and quoted names', () => {
    const text = `{"data":{"learner":{"idCardNo":"${idCardNo}","name":"张三"}`;
    const view = failureViewOf(
      storedOf({ kind: 'hnu-event', body: text, receivedAt: '2024-06-01T02:00:00.000Z' }),
      testCrypto.decrypt,
    );
    expect(view.input?.payload).toBe(`{"data":{"learner":{"idCardNo":"****${idCardNo.slice(-4)}","name":"***"}`);
    noClearPersonalData(view);
  });

  it('shows a jxnu record and a wangti row with their names and ID numbers masked', () => {
    const jxnu = failureViewOf(
      storedOf(
        {
          kind: 'jxnu-record',
          record: { xh: 'X1', sfzh: idCardNo, xm: '李四', xxsc: 135 },
          index: 3,
          versionAt: '2024-06-01T02:00:00.000Z',
          receivedAt: '2024-06-01T02:00:00.000Z',
          batchNo: 'B-7',
        },
        { platform: 'jxnu' },
      ),
      testCrypto.decrypt,
    );
    expect(jxnu.input).toMatchObject({
      kind: 'jxnu-record',
      index: 3,
      batchNo: 'B-7',
      payload: { xh: 'X1', sfzh: `****${idCardNo.slice(-4)}`, xm: '***', xxsc: 135 },
    });
    const wangti = failureViewOf(
      storedOf(
        {
          kind: 'wangti-row',
          row: { 流水号: 'WT-1', 身份证号: idCardNo, 姓名: '李四' },
          receivedAt: '2024-06-01T02:00:00.000Z',
        },
        { platform: 'wangti' },
      ),
      testCrypto.decrypt,
    );
    expect(wangti.input?.payload).toEqual({ 流水号: 'WT-1', 身份证号: `****${idCardNo.slice(-4)}`, 姓名: '***' });
    noClearPersonalData([jxnu, wangti]);
  });

  it('masks the raw fields of a wangti row that did not fit the header', () => {
    const view = failureViewOf(
      storedOf(
        {
          kind: 'wangti-row',
          row: { line: 3, fields: ['WT-2', idCardNo, '李四', '新材料', '2.5'] },
          receivedAt: '2024-06-01T02:00:00.000Z',
        },
        { platform: 'wangti' },
      ),
      testCrypto.decrypt,
    );
    expect(view.input?.payload).toEqual({
      line: 3,
      fields: ['WT-2', `****${idCardNo.slice(-4)}`, '***', '***', '2.5'],
    });
    noClearPersonalData(view);
  });

  it('shows a queue message as its parsed, masked structure', () => {
    const body = JSON.stringify({
      kind: 'completion-versions',
      versions: [{ recordId: 'R1', note: `for ${idCardNo}` }],
    });
    const view = failureViewOf(
      storedOf(
        { kind: 'queue-message', body },
        { platform: 'unknown', stage: 'consumer', reasonCode: 'malformed-message' },
      ),
      testCrypto.decrypt,
    );
    expect(view.input?.payload).toEqual({
      kind: 'completion-versions',
      versions: [{ recordId: 'R1', note: `for ****${idCardNo.slice(-4)}` }],
    });
  });

  it('names a payload that does not open with the current secret instead of failing the list', () => {
    const view = failureViewOf(storedOf({ kind: 'none', payload: 'x' }), otherCrypto.decrypt);
    expect(view.input).toBeNull();
    expect(view.inputProblem).toMatch(/does not open/);
  });

  it('masks ID numbers in the message and in the replay history too', () => {
    const view = failureViewOf(
      storedOf(
        { kind: 'none', payload: null },
        {
          message: `bad ${idCardNo}`,
          replays: [{ at: '2024-06-02T00:00:00.000Z', outcome: 'rejected', message: `still ${idCardNo}` }],
        },
      ),
      testCrypto.decrypt,
    );
    noClearPersonalData(view);
    expect(view.replays[0]?.message).toBe(`still ****${idCardNo.slice(-4)}`);
  });
});

describe('an unreadable wangti page kept whole', () => {
  const header = '\uFEFF流水号,身份证号,姓名,课程编号,课程名称,科目类别,专题,学时,完成时间,状态,更新时间,培训年度';
  const pageOf = (...rows: string[]) => [header, ...rows].join('\r\n');
  const viewOf = (csv: string) =>
    failureViewOf(
      storedOf(
        { kind: 'none', payload: { cursor: 'c-7', csv } },
        { platform: 'wangti', stage: 'poller', reasonCode: 'poller-error' },
      ),
      testCrypto.decrypt,
    );
  /** The page as the view shows it; a view without one fails here, by assertion. */
  const shownCsvOf = (view: ReturnType<typeof viewOf>): string => {
    const payload = view.input?.payload;
    expect(payload).toMatchObject({ csv: expect.any(String) });
    return (payload as { csv: string }).csv;
  };

  it('shows the page with the name column and ID numbers masked', () => {
    const view = viewOf(
      pageOf(
        `WT-1,${idCardNo},李四,WT-ZY-1,"新材料""双碳""路径，案例",专业,新材料,2.5,2024/12/31 23:59:59,有效,2024/12/31 23:59:59,`,
      ),
    );
    const csv = shownCsvOf(view);
    expect(csv.split('\r\n')[1]).toBe(
      `WT-1,****${idCardNo.slice(-4)},***,WT-ZY-1,"新材料""双碳""路径，案例",专业,新材料,2.5,2024/12/31 23:59:59,有效,2024/12/31 23:59:59,`,
    );
    expect(view.input?.payload).toMatchObject({ cursor: 'c-7' });
    noClearPersonalData(view);
  });

  it('masks every bare CJK field when the page does not parse or has no name column', () => {
    const unclosed = viewOf(pageOf(`WT-1,${idCardNo},李四,WT-ZY-1,"never closed,专业`));
    expect(shownCsvOf(unclosed)).toContain(`WT-1,****${idCardNo.slice(-4)},***,WT-ZY-1`);
    const headerless = viewOf(`WT-1,${idCardNo},欧阳娜娜,WT-ZY-1\r\nWT-2,${idCardNo},阿依·买买提,WT-ZY-2`);
    expect(shownCsvOf(headerless)).toBe(
      `WT-1,****${idCardNo.slice(-4)},***,WT-ZY-1\r\nWT-2,****${idCardNo.slice(-4)},***,WT-ZY-2`,
    );
    noClearPersonalData([unclosed, headerless]);
    expect(JSON.stringify([unclosed, headerless])).not.toMatch(/欧阳娜娜|阿依/);
  });
});

describe('masking', () => {
  it('masks an ID number sent as a JSON number, a 15-digit one, and one glued to other digits', () => {
    // JSON numbers this long have lost their last digits already; the rest is masked all the same.
    expect(maskPayload(JSON.parse('{"sfzh":360102198001011235}'))).toEqual({
      sfzh: expect.stringMatching(/^\*{4}\d{4}$/),
    });
    expect(maskText('old 360102800101123 id')).toBe('old ****1123 id');
    expect(maskText('x12360102198001011235y')).toBe('x****1235y');
    expect(maskText(`${idCardNo.slice(0, 17)}x`)).toBe(`****${idCardNo.slice(14, 17)}x`);
  });

  it('masks names in the head of an oversized input, escaped or cut off inside the value', () => {
    const input = {
      kind: 'hnu-event',
      body: `{"learner":{"idCardNo":"${idCardNo}","name":"张三"}}`,
      receivedAt: '2024-06-01T02:00:00.000Z',
    };
    const head = JSON.stringify(input);
    expect(head).toContain('\\"name\\":\\"张三\\"');
    const masked = maskText(head);
    expect(masked).toContain('\\"name\\":\\"***\\"');
    expect(masked).not.toContain('张三');
    expect(masked).not.toContain(idCardNo.slice(0, 14));
    expect(maskText('{"xm":"李四","sfzh":"1')).toBe('{"xm":"***","sfzh":"1');
    expect(maskText('[{"xh":"X1","xm":"李')).toBe('[{"xh":"X1","xm":"***"');
  });

  it('leaves short numbers, times and record ids alone', () => {
    const row = { xh: 'JXNU202412310001', xxsc: 135, wcsj: '2024-06-01 10:20:30', ts: '1717208430123' };
    expect(maskPayload(row)).toEqual(row);
  });
});
