import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCardCheckCharacter } from '../../../shared/person/id-card.js';
import { createPersonalDataScanner } from '../../../scripts/soak/personal-data.js';

const validId = (first17: string) => `${first17}${idCardCheckCharacter(first17)}`;
const id = validId('36010219800101123');

describe('the scan of log output for personal data', () => {
  it('finds a full ID card number with a valid check character, in either case of X', () => {
    const xId = validId('36042119850315002');
    expect(xId.endsWith('X')).toBe(true);
    const scanner = createPersonalDataScanner([]);
    scanner.scanText(`{"level":"INFO","message":"accepted","id":"${id}"}\n{"sfzh":"${xId.toLowerCase()}"}`);
    expect(scanner.findings().idCards).toBe(2);
  });

  it('ignores masked numbers, numbers whose check character is wrong, and longer digit runs', () => {
    const wrong = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
    const scanner = createPersonalDataScanner([]);
    scanner.scanText(`****${id.slice(-4)} ${wrong} 9${id}9 ts=1735660800123456789`);
    expect(scanner.findings().idCards).toBe(0);
  });

  it('finds any generated name inside Chinese text, and never repeats it in its examples', () => {
    const scanner = createPersonalDataScanner(['张三', '欧阳娜娜']);
    scanner.scanText('{"message":"学员张三完成课程"}\n{"xm":"欧阳娜娜"}\n{"message":"新能源"}');
    const findings = scanner.findings();
    expect(findings.names).toBe(2);
    expect(findings.examples.join(' ')).not.toMatch(/张三|欧阳娜娜/);
  });

  it('finds every valid ID number planted anywhere in arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.stringMatching(/^[1-6]\d{5}(19[5-9]\d|200\d)(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}$/),
        (before, after, first17) => {
          const scanner = createPersonalDataScanner([]);
          scanner.scanText(`${before} ${validId(first17)} ${after}`);
          expect(scanner.findings().idCards).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
});
