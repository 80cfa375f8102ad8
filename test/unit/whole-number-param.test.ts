import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { wholeNumberDigitsMax, wholeNumberParam } from '../../shared/whole-number-param.js';

const limit = z.object({ limit: wholeNumberParam(z.number().int().min(1).max(500).default(100)) });

describe('a whole-number parameter', () => {
  it.each([
    ['1', 1],
    ['500', 500],
    ['007', 7],
  ])('takes %j as %d', (text, value) => {
    expect(limit.parse({ limit: text })).toEqual({ limit: value });
  });

  it('takes its default when absent', () => {
    expect(limit.parse({})).toEqual({ limit: 100 });
  });

  it.each([
    '1e2',
    '0x10',
    ' 5',
    '5 ',
    '+5',
    '-5',
    '5.0',
    '5.',
    '',
    '٥',
    'Infinity',
    'NaN',
    '1_000',
    '9'.repeat(wholeNumberDigitsMax + 1),
  ])('refuses %j naming the parameter, as decimal digits only', (text) => {
    const parsed = limit.safeParse({ limit: text });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['limit'], message: expect.stringContaining('decimal digits') }),
    ]);
  });

  it('still applies the bounds after the digits', () => {
    const parsed = limit.safeParse({ limit: '501' });
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['limit'], code: 'too_big' })]);
  });
});
