/**
 * rules.md: a version time (hnu occurredAt, wangti 更新时间) or a completion time more than 10
 * minutes after the hub's clock is bad input, quarantined with that reason, never deciding a
 * record; replaying it once its time has come takes it.
 */
import { describe, expect, it } from 'vitest';
import { normaliseHnuEvent } from '../../../shared/platforms/hnu/adapter.js';
import { normaliseWangtiRow } from '../../../shared/platforms/wangti/adapter.js';
import { toBeijingIso } from '../../../shared/rules/beijing-time.js';
import type { Result } from '../../../shared/result.js';
import { contextOf, hnuEventOf, hnuRevocationOf, now, wangtiRowOf } from '../../support/platform-payloads.js';

const minutes = (n: number, seconds = 0): Date => new Date(now.getTime() + n * 60_000 + seconds * 1000);
const beijingSlashed = (at: Date): string => toBeijingIso(at).slice(0, 19).replace('T', ' ').replaceAll('-', '/');
const rulesOf = (result: Result<unknown>): Array<[string, string | undefined]> =>
  result.ok ? [] : result.problems.map((p) => [p.field, p.rule]);

describe('version times in the future', () => {
  it.each([
    ['exactly now', minutes(0), true],
    ['10 minutes ahead', minutes(10), true],
    ['10 minutes and 1 second ahead', minutes(10, 1), false],
    ['a day ahead', minutes(24 * 60), false],
  ])('hnu occurredAt %s: accepted %s', (_name, at, taken) => {
    const event = hnuEventOf({
      envelope: { occurredAt: at.toISOString() },
      data: { completedAt: '2025-01-14T10:00:00+08:00' },
    });
    const result = normaliseHnuEvent(event, contextOf());
    expect(result.ok).toBe(taken);
    if (!taken) expect(rulesOf(result)).toEqual([['occurredAt', 'version-in-future']]);
  });

  it('quarantines an hnu withdrawal dated in the future, so it cannot outrank a later real version', () => {
    const result = normaliseHnuEvent(hnuRevocationOf({}, { occurredAt: minutes(60).toISOString() }), contextOf());
    expect(rulesOf(result)).toEqual([['occurredAt', 'version-in-future']]);
  });

  it('takes the same hnu event once its time has come (a replay runs with the hub clock of then)', () => {
    const event = hnuEventOf({
      envelope: { occurredAt: minutes(60).toISOString() },
      data: { completedAt: '2025-01-14T10:00:00+08:00' },
    });
    expect(normaliseHnuEvent(event, contextOf()).ok).toBe(false);
    expect(normaliseHnuEvent(event, contextOf({ now: minutes(61), receivedAt: minutes(61) })).ok).toBe(true);
  });

  it.each([
    ['有效', '2025/01/14 10:00:00'],
    ['撤销', '2025/01/14 10:00:00'],
    ['撤销', 'not a time'],
  ])('quarantines a wangti %s row whose 更新时间 is a day ahead (完成时间 %s)', (状态, 完成时间) => {
    const row = wangtiRowOf({ 状态, 完成时间, 更新时间: beijingSlashed(minutes(24 * 60)) });
    const { result } = normaliseWangtiRow(row, 0, contextOf());
    expect(result.ok).toBe(false);
    expect(rulesOf(result)).toContainEqual(['更新时间', 'version-in-future']);
  });

  it('accepts a wangti row whose 更新时间 is 10 minutes ahead, to the second', () => {
    const row = wangtiRowOf({ 完成时间: '2025/01/14 10:00:00', 更新时间: beijingSlashed(minutes(10)) });
    expect(normaliseWangtiRow(row, 0, contextOf()).result.ok).toBe(true);
  });

  it('names a completion time in the future with its own rule', () => {
    const event = hnuEventOf({
      envelope: { occurredAt: now.toISOString() },
      data: { completedAt: minutes(11).toISOString() },
    });
    expect(rulesOf(normaliseHnuEvent(event, contextOf()))).toEqual([['data.completedAt', 'completion-in-future']]);
  });
});
