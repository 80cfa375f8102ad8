import { describe, expect, it } from 'vitest';
import { failureInputBytesMax, failureItemOf, storableInput } from '../../../aws/failure-store.js';
import { testCrypto } from '../../support/completions.js';

describe('the input kept on a failure', () => {
  it('is kept whole up to its limit', () => {
    const input = { kind: 'hnu-event' as const, body: { recordId: 'R1' }, receivedAt: '2024-06-01T00:00:00.000Z' };
    expect(storableInput(input)).toBe(input);
  });

  it("is cut to its head past the limit, so the item stays under DynamoDB's 400 KB", () => {
    const body = 'x'.repeat(1_048_576);
    const item = failureItemOf(
      {
        platform: 'hnu',
        stage: 'webhook',
        reasonCode: 'invalid-body',
        message: 'body is not valid JSON',
        input: { kind: 'hnu-event', body, receivedAt: '2024-06-01T00:00:00.000Z' },
      },
      testCrypto,
      new Date(),
    );
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(400_000);
    const opened = JSON.parse(testCrypto.decrypt(item.inputEnc as string));
    expect(opened).toMatchObject({ kind: 'none', payload: { truncated: true, originalKind: 'hnu-event' } });
    expect(opened.payload.bytes).toBeGreaterThan(failureInputBytesMax);
  });
});
