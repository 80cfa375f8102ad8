/**
 * rules.md, Counting: the records of a jxnu batch share the request's timestamp, so the later
 * record of one `xh` is the newer version; likewise the later of two wangti rows with one 流水号
 * and one 更新时间 in a page. Whatever order the ledger then sees the versions in, the later
 * position wins.
 */
import { describe, expect, it } from 'vitest';
import type { CompletionVersion } from '../../../shared/completion.js';
import { processVersions } from '../../../shared/ledger/process-versions.js';
import { versionKeyOf } from '../../../shared/ledger/version-key.js';
import { normaliseJxnuRecord } from '../../../shared/platforms/jxnu/adapter.js';
import { readWangtiPage } from '../../../shared/platforms/wangti/export-page.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { MemoryIndex, MemoryLedgers } from '../../support/memory-ports.js';
import { contextOf, jxnuRecordOf, now, wangtiCellsOf, wangtiCsvOf } from '../../support/platform-payloads.js';

const accepted = (result: { ok: boolean; value?: CompletionVersion }): CompletionVersion => {
  if (!result.ok || !result.value) throw new Error('expected the record to be accepted');
  return result.value;
};

/** The state of the record's entry after the ledger has seen the versions in this order. */
const stateAfter = async (
  versions: readonly CompletionVersion[],
): Promise<{ state: string | undefined; counted: number }> => {
  const ports = { ledgers: new MemoryLedgers(), index: new MemoryIndex(), rules: defaultRuleBook };
  for (const version of versions)
    await processVersions([{ messageId: version.correlationId, version, firstDelivery: true }], ports);
  const entries = [...ports.ledgers.items.values()].flatMap((ledger) => Object.values(ledger.entries));
  return {
    state: entries[0]?.state,
    counted: [...ports.ledgers.items.values()].reduce((sum, l) => sum + l.summary.totalHundredths, 0),
  };
};

const jxnuBatch = (records: readonly Record<string, unknown>[]): CompletionVersion[] =>
  records.map((record, index) => accepted(normaliseJxnuRecord(record, index, now, contextOf()).result));

describe('the order of versions within one delivery', () => {
  const created = jxnuRecordOf({ xh: 'JX-SAME-1', xxsc: 135 });
  const withdrawn = jxnuRecordOf({ xh: 'JX-SAME-1', xxsc: 135, zt: 0 });

  it('gives each jxnu record its place in the batch, so the later one has the greater version key', () => {
    const [first, second] = jxnuBatch([created, withdrawn]);
    expect([first?.position, second?.position]).toEqual([0, 1]);
    expect(versionKeyOf(second as CompletionVersion) > versionKeyOf(first as CompletionVersion)).toBe(true);
  });

  const arrivals = [
    { order: 'in batch order', arrival: [0, 1] },
    { order: 'in reverse order', arrival: [1, 0] },
  ];
  const outcomes = [
    {
      what: 'withdraws a jxnu record created and withdrawn',
      records: [created, withdrawn],
      end: { state: 'revoked', counted: 0 },
    },
    {
      what: 'counts a jxnu record withdrawn and then re-sent valid',
      records: [withdrawn, created],
      end: { state: 'counted', counted: 300 },
    },
  ];
  const cases = outcomes.flatMap((outcome) =>
    arrivals.map(
      (arrival) => [`${outcome.what} in one batch, seen ${arrival.order}`, { ...outcome, ...arrival }] as const,
    ),
  );
  it.each(cases)('%s', async (_title, { records, arrival, end }) => {
    const batch = jxnuBatch(records);
    expect(await stateAfter(arrival.map((i) => batch[i] as CompletionVersion))).toEqual(end);
  });

  it('takes the later of two corrections of one xh in a batch', async () => {
    const batch = jxnuBatch([
      jxnuRecordOf({ xh: 'JX-SAME-2', xxsc: 90 }),
      jxnuRecordOf({ xh: 'JX-SAME-2', xxsc: 180 }),
    ]);
    expect(await stateAfter([batch[1] as CompletionVersion, batch[0] as CompletionVersion])).toEqual({
      state: 'counted',
      counted: 400,
    });
  });

  it.each([
    ['有效 then 撤销', ['有效', '撤销'], { state: 'revoked', counted: 0 }],
    ['撤销 then 有效', ['撤销', '有效'], { state: 'counted', counted: 250 }],
  ] as const)(
    'takes the later of two wangti rows with one 流水号 and one 更新时间 (%s)',
    async (_name, statuses, expected) => {
      const csv = wangtiCsvOf(
        statuses.map((状态) => wangtiCellsOf({ 流水号: 'WT-SAME-1', 状态, 更新时间: '2024/06/02 09:00:00' })),
      );
      const versions = readWangtiPage(csv, contextOf()).rows.map((row) => accepted(row.result));
      expect(versions.map((v) => v.position)).toEqual([0, 1]);
      expect(await stateAfter([...versions].reverse())).toEqual(expected);
    },
  );

  it('lets a later 更新时间 win over a later row', async () => {
    const csv = wangtiCsvOf([
      wangtiCellsOf({ 流水号: 'WT-SAME-2', 状态: '有效', 更新时间: '2024/06/03 09:00:00' }),
      wangtiCellsOf({ 流水号: 'WT-SAME-2', 状态: '撤销', 更新时间: '2024/06/02 09:00:00' }),
    ]);
    const versions = readWangtiPage(csv, contextOf()).rows.map((row) => accepted(row.result));
    expect(await stateAfter(versions)).toEqual({ state: 'counted', counted: 250 });
  });
});
