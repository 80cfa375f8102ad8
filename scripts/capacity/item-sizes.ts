/**
 * Sizes of the hub's DynamoDB items as DynamoDB bills them, computed from the items the hub's
 * own code writes (aws/ledger-store.ts itemOfLedger, the ledger domain's operations), so the
 * capacity model follows the real encoding. Ledgers are built with n realistic entries:
 * different course codes and titles, the year's topics, both categories.
 */
import { itemOfLedger } from '../../aws/ledger-store.js';
import { completionSchemaVersion, type CompletionRecord } from '../../shared/completion.js';
import { applyOperations, emptyLedger, entryFactsOf, type Ledger } from '../../shared/ledger/ledger.js';
import { versionKeyOf } from '../../shared/ledger/version-key.js';
import { createPersonCrypto } from '../../shared/person/person-key.js';
import { defaultRuleBook } from '../../shared/rules/year-rules.js';

/**
 * DynamoDB's item size: each attribute's name in UTF-8 bytes plus its value: strings and
 * binaries their length, numbers about one byte per two digits plus one, booleans and nulls one
 * byte, maps and lists three bytes plus their elements (map keys count like attribute names)
 * plus one byte per element.
 */
export const dynamoValueBytes = (value: unknown): number => {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number')
    return 1 + Math.ceil(String(Math.abs(value)).replace('.', '').replace(/^0+/, '').length / 2);
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + dynamoValueBytes(v), 0);
  return (
    3 +
    Object.entries(value as Record<string, unknown>).reduce(
      (sum, [k, v]) => sum + Buffer.byteLength(k, 'utf8') + 1 + dynamoValueBytes(v),
      0,
    )
  );
};

export const dynamoItemBytes = (item: Record<string, unknown>): number =>
  Object.entries(item).reduce(
    (sum, [name, value]) =>
      value === undefined ? sum : sum + Buffer.byteLength(name, 'utf8') + dynamoValueBytes(value),
    0,
  );

/** Write request units of writing an item of this size (1 KB units). */
export const writeUnitsOf = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
/** Strongly consistent read request units of reading an item of this size (4 KB units). */
export const readUnitsOf = (bytes: number): number => Math.max(1, Math.ceil(bytes / 4096));

const topics = ['电子信息', '新能源', '新材料', '装备制造', '生物医药', '绿色食品', '高效农林'] as const;
const titles = [
  '新能源材料前沿',
  '学习贯彻习近平总书记考察江西重要讲话精神',
  '专业技术人员职业道德和能力建设',
  '装备制造数字化转型案例',
  '生物医药产业政策解读',
  '绿色食品标准与认证',
  '高效农林技术推广',
] as const;

/** The i-th item of a list taken round and round (i from 0). */
const cycled = <T>(list: readonly T[], i: number): T => {
  const item = list[i % list.length];
  if (item === undefined) throw new RangeError(`no item ${i} of a list of ${list.length}`);
  return item;
};

const personKey = '0123456789abcdef0123456789abcdef';
// A sealed ID card number exactly as the hub seals it (its length does not depend on the key).
const idCardEnc = createPersonCrypto('capacity-model-sizing-secret-0123456789').encrypt('36042119850315002X');

const versionOf = (i: number): CompletionRecord => {
  const at = new Date(Date.parse('2024-02-01T02:00:00Z') + i * 86_400_000 * 7).toISOString();
  const platform = cycled(['hnu', 'jxnu', 'wangti'] as const, i);
  const topic = cycled(topics, i);
  return {
    schema: completionSchemaVersion,
    kind: 'completion',
    platform,
    recordId: `${platform.toUpperCase()}-2024-${String(1_000_000 + i * 7919).padStart(8, '0')}`,
    versionAt: at,
    position: 0,
    receivedAt: at,
    correlationId: `c-${i}`,
    person: { personKey, idCardEnc, idCardLast4: '002X' },
    course: {
      code: `${platform.toUpperCase()}-C-${String(100 + ((i * 37) % 900))}`,
      title: `${cycled(titles, i)}（第${(i % 5) + 1}讲）`,
    },
    category: i % 3 === 0 ? 'public' : 'professional',
    topic,
    topicMatched: topic,
    hundredths: 150 + (i % 6) * 50,
    completedAt: at,
    creditYear: 2024,
    makeup: false,
    passed: true,
    withdrawn: false,
  };
};

/** A 2024 ledger of one person with `entries` counted entries, as the hub would have written it. */
export const ledgerWith = (entries: number): Ledger => {
  const rules = defaultRuleBook.get(2024);
  if (!rules) throw new Error('no 2024 rules');
  let ledger = emptyLedger({ personKey, year: 2024, idCardEnc, idCardLast4: '002X' }, rules);
  for (let i = 0; i < entries; i += 1) {
    const version = versionOf(i);
    ledger = applyOperations(
      ledger,
      [{ kind: 'put', entry: entryFactsOf(version, versionKeyOf(version)) }],
      rules,
      new Date(Date.parse('2024-12-01T00:00:00Z') + i),
    ).ledger;
  }
  return ledger;
};

/** The projection of the `changes` index (infra/topology.ts): keys of table and index, and its INCLUDE attributes. */
export const changesIndexItemOf = (item: Record<string, unknown>): Record<string, unknown> => {
  const keep = ['personKey', 'year', 'feedPartition', 'feedPosition', 'summary', 'idCardEnc', 'version', 'updatedAt'];
  return Object.fromEntries(keep.map((name) => [name, item[name]]));
};

export interface LedgerSizes {
  readonly entries: number;
  readonly itemBytes: number;
  /** The same ledger with entries and tombstones as plain maps (the encoding before `body`). */
  readonly plainItemBytes: number;
  readonly indexItemBytes: number;
}

export const ledgerSizes = (entries: number): LedgerSizes => {
  const ledger = ledgerWith(entries);
  const item = itemOfLedger(ledger);
  const { body: _body, ...rest } = item;
  return {
    entries,
    itemBytes: dynamoItemBytes(item),
    plainItemBytes: dynamoItemBytes({ ...rest, entries: ledger.entries, tombstones: ledger.tombstones }),
    indexItemBytes: dynamoItemBytes(changesIndexItemOf(item)),
  };
};

/** One records-index item (aws/record-index.ts toItem): a completion version's home, sealed owner and receipt time. */
export const recordIndexItemBytes = (): number =>
  dynamoItemBytes({
    recordKey: 'jxnu#JXNU202412310001',
    versionKey: '2024-12-31T15:40:12.000Z#0000000000001#a1b2c3d4',
    personKey,
    year: 2024,
    idCardEnc,
    idCardLast4: '002X',
    receivedAt: '2024-12-31T15:40:13.000Z',
  });
