import { describe, expect, it } from 'vitest';
import { adjustmentRequestSchema } from '../../../shared/api/adjustments.js';
import {
  postAdjustment,
  revokeAdjustment,
  type AdjustmentPorts,
} from '../../../shared/adjustments/apply-adjustment.js';
import { auditLedger } from '../../../shared/ledger/audit.js';
import { entryFactsOf, type Ledger } from '../../../shared/ledger/ledger.js';
import { addressKey } from '../../../shared/ledger/placement.js';
import { updateLedgers } from '../../../shared/ledger/update-ledgers.js';
import { versionKeyOf } from '../../../shared/ledger/version-key.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { adjustmentRequestOf } from '../../support/adjustments.js';
import { completionOf, idCardNoOf, personOf, testCrypto } from '../../support/completions.js';
import { MemoryAdjustments } from '../../support/memory-adjustments.js';
import { MemoryLedgers } from '../../support/memory-ports.js';

const now = new Date('2024-11-05T00:00:00Z');

const portsOf = (
  overrides: Partial<AdjustmentPorts> = {},
): AdjustmentPorts & { adjustments: MemoryAdjustments; ledgers: MemoryLedgers } =>
  ({
    adjustments: new MemoryAdjustments(),
    ledgers: new MemoryLedgers(),
    rules: defaultRuleBook,
    crypto: testCrypto,
    clock: () => now,
    ...overrides,
  }) as never;

const ledgerOf = (ports: { ledgers: MemoryLedgers }, idCardNo = idCardNoOf(1), year = 2024): Ledger | undefined =>
  ports.ledgers.items.get(addressKey({ personKey: personOf(idCardNo).personKey, year }));

const post = (ports: AdjustmentPorts, request = adjustmentRequestOf()) =>
  postAdjustment(adjustmentRequestSchema.parse(request), 'portal', ports);

describe('posting converted hours', () => {
  it('counts them in their category and shows them as converted hours and under platform portal', async () => {
    const ports = portsOf();
    const outcome = await post(ports, adjustmentRequestOf({ category: 'public', hours: 4.25 }));
    expect(outcome.kind).toBe('created');
    const ledger = ledgerOf(ports)!;
    expect(ledger.summary).toMatchObject({
      publicHundredths: 425,
      convertedHundredths: 425,
      totalHundredths: 425,
      byPlatform: { portal: 425 },
      entries: 1,
    });
    expect(ledger.summary.byTopic).toEqual({});
    expect(auditLedger(ledger, defaultRuleBook.get(2024)!)).toBeUndefined();
  });

  it('keeps only the sealed ID number and the person key, never the clear number', async () => {
    const ports = portsOf();
    await post(ports, adjustmentRequestOf({ adjustmentId: 'ADJ-S' }));
    const stored = ports.adjustments.items.get('ADJ-S')!;
    expect(JSON.stringify(stored)).not.toContain(idCardNoOf(1));
    expect(testCrypto.decrypt(stored.idCardEnc)).toBe(idCardNoOf(1));
  });

  it('answers the same id with the same content as unchanged and changes nothing', async () => {
    const ports = portsOf();
    const request = adjustmentRequestOf();
    await post(ports, request);
    const before = structuredClone(ledgerOf(ports));
    const again = await post(ports, request);
    expect(again.kind).toBe('unchanged');
    expect(ledgerOf(ports)).toEqual(before);
  });

  it('treats the same approval instant in another offset as the same content', async () => {
    const ports = portsOf();
    const request = adjustmentRequestOf({ approvedAt: '2024-11-02T10:00:00+08:00' });
    await post(ports, request);
    expect((await post(ports, { ...request, approvedAt: '2024-11-02T02:00:00Z' })).kind).toBe('unchanged');
  });

  it('refuses the same id with other content, naming each difference, and keeps the first', async () => {
    const ports = portsOf();
    const request = adjustmentRequestOf({ hours: 4 });
    await post(ports, request);
    const outcome = await post(ports, { ...request, hours: 5, kind: 'paper', idCardNo: idCardNoOf(2) as never });
    expect(outcome).toEqual({
      kind: 'conflict',
      differences: [
        { field: 'idCardNo', message: 'names another person than the adjustment already posted under this id' },
        { field: 'hours', message: 'was 4, now 5' },
        { field: 'kind', message: 'was xuexiqiangguo, now paper' },
      ],
    });
    expect(ledgerOf(ports)?.summary.convertedHundredths).toBe(400);
    expect(ledgerOf(ports, idCardNoOf(2))).toBeUndefined();
  });

  it('completes the ledger on a retry after a crash between the adjustments table and the ledger', async () => {
    const ports = portsOf();
    const request = adjustmentRequestOf();
    const failing = {
      ...ports,
      ledgers: Object.assign(Object.create(ports.ledgers), {
        writeIfVersion: async () => {
          throw new Error('process died');
        },
      }),
    };
    await expect(post(failing, request)).rejects.toThrow(/ledger write failed/);
    expect(ports.adjustments.items.has(request.adjustmentId)).toBe(true);
    expect(ledgerOf(ports)).toBeUndefined();
    const retried = await post(ports, request);
    expect(retried.kind).toBe('unchanged');
    expect(ledgerOf(ports)?.summary.convertedHundredths).toBe(400);
    await post(ports, request);
    expect(ledgerOf(ports)?.version).toBe(1);
  });

  it('adds to the hours from the platforms without touching them', async () => {
    const ports = portsOf();
    const completion = completionOf({ hundredths: 600, category: 'professional' });
    await updateLedgers(
      ports.ledgers,
      [
        {
          address: { personKey: completion.person.personKey, year: 2024 },
          owner: {
            personKey: completion.person.personKey,
            year: 2024,
            idCardEnc: completion.person.idCardEnc,
            idCardLast4: completion.person.idCardLast4,
          },
          operations: [{ kind: 'put', entry: entryFactsOf(completion, versionKeyOf(completion)) }],
        },
      ],
      defaultRuleBook,
    );
    await post(ports, adjustmentRequestOf({ category: 'professional', hours: 10 }));
    expect(ledgerOf(ports)?.summary).toMatchObject({
      professionalHundredths: 1600,
      convertedHundredths: 1000,
      byPlatform: { hnu: 600, portal: 1000 },
      entries: 2,
    });
  });

  it('refuses a year its rule book has not and an approval in the future, naming the field', async () => {
    const ports = portsOf();
    expect(await post(portsOf({ rules: new Map() }), adjustmentRequestOf({ year: 2024 }))).toMatchObject({
      kind: 'invalid',
      problems: [{ field: 'year' }],
    });
    expect(await post(ports, adjustmentRequestOf({ approvedAt: '2024-11-06T00:00:00Z' }))).toMatchObject({
      kind: 'invalid',
      problems: [{ field: 'approvedAt' }],
    });
    expect(ports.adjustments.items.size).toBe(0);
  });
});

describe('the adjustment request schema', () => {
  it.each([
    [{ hours: 0 }, 'hours'],
    [{ hours: 100.01 }, 'hours'],
    [{ hours: 1.005 }, 'hours'],
    [{ year: 2019 }, 'year'],
    [{ year: 2024.5 }, 'year'],
    [{ kind: 'gift' }, 'kind'],
    [{ category: 'other' }, 'category'],
    [{ approvedAt: '2024-11-02 10:00:00' }, 'approvedAt'],
    [{ idCardNo: '360102198001010011' }, 'idCardNo'],
    [{ adjustmentId: 'a/b' }, 'adjustmentId'],
  ])('refuses %o naming %s', (override, field) => {
    const parsed = adjustmentRequestSchema.safeParse({ ...adjustmentRequestOf(), ...override });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('accepts 100 hours and two decimals', () => {
    expect(adjustmentRequestSchema.safeParse(adjustmentRequestOf({ hours: 100 })).success).toBe(true);
    expect(adjustmentRequestSchema.safeParse(adjustmentRequestOf({ hours: 0.01 })).success).toBe(true);
  });
});

describe('revoking converted hours', () => {
  it('withdraws them from the totals and keeps the entry as revoked', async () => {
    const ports = portsOf();
    const request = adjustmentRequestOf({ adjustmentId: 'ADJ-R' });
    await post(ports, request);
    const outcome = await revokeAdjustment('ADJ-R', 'portal', ports);
    expect(outcome.kind).toBe('revoked');
    const ledger = ledgerOf(ports)!;
    expect(ledger.summary).toMatchObject({ publicHundredths: 0, convertedHundredths: 0, entries: 0 });
    expect(ledger.entries['portal#ADJ-R']).toMatchObject({ state: 'revoked', withdrawn: true });
  });

  it('is idempotent: a second revoke changes nothing and says it was revoked before', async () => {
    const ports = portsOf();
    await post(ports, adjustmentRequestOf({ adjustmentId: 'ADJ-R2' }));
    await revokeAdjustment('ADJ-R2', 'portal', ports);
    const version = ledgerOf(ports)?.version;
    expect((await revokeAdjustment('ADJ-R2', 'portal', ports)).kind).toBe('already-revoked');
    expect(ledgerOf(ports)?.version).toBe(version);
  });

  it('stays revoked when the same adjustment is posted again', async () => {
    const ports = portsOf();
    const request = adjustmentRequestOf({ adjustmentId: 'ADJ-R3' });
    await post(ports, request);
    await revokeAdjustment('ADJ-R3', 'portal', ports);
    const again = await post(ports, request);
    expect(again).toMatchObject({ kind: 'unchanged', adjustment: { revokedAt: now.toISOString() } });
    expect(ledgerOf(ports)?.summary.convertedHundredths).toBe(0);
  });

  it('wins even when the revoke clock is earlier than the approval', async () => {
    const ports = portsOf({ clock: () => new Date('2024-11-01T00:00:00Z') });
    await post(ports, adjustmentRequestOf({ adjustmentId: 'ADJ-R4', approvedAt: '2024-11-01T00:05:00Z' }));
    await revokeAdjustment('ADJ-R4', 'portal', ports);
    expect(ledgerOf(ports)?.summary.convertedHundredths).toBe(0);
  });

  it('answers an unknown id as unknown', async () => {
    expect(await revokeAdjustment('ADJ-NONE', 'portal', portsOf())).toEqual({ kind: 'unknown' });
  });
});
