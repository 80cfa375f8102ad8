/** Builders of normalised completion versions for domain tests: valid by default, overridable. */
import { randomUUID } from 'node:crypto';
import { completionSchemaVersion, type CompletionRecord, type Withdrawal } from '../../shared/completion.js';
import { idCardCheckCharacter } from '../../shared/person/id-card.js';
import { createPersonCrypto, type PersonKey } from '../../shared/person/person-key.js';

export const testCrypto = createPersonCrypto('test-person-key-secret-0123456789');

/** A valid ID card number: area 360102, the given birth date, sequence, and its check character. */
export const idCardNoOf = (sequence: number, birth = '19800101'): string => {
  const first17 = `360102${birth}${String(sequence % 1000).padStart(3, '0')}`;
  return `${first17}${idCardCheckCharacter(first17)}`;
};

export const personOf = (idCardNo: string) => ({
  personKey: testCrypto.personKey(idCardNo as never) as PersonKey,
  idCardEnc: testCrypto.encrypt(idCardNo),
  idCardLast4: idCardNo.slice(-4),
});

const alice = idCardNoOf(1);

export const completionOf = (overrides: Partial<CompletionRecord> = {}): CompletionRecord => ({
  schema: completionSchemaVersion,
  kind: 'completion',
  platform: 'hnu',
  recordId: `R-${randomUUID().slice(0, 8)}`,
  versionAt: '2024-06-01T02:00:00.000Z',
  position: 0,
  receivedAt: '2024-06-01T02:00:01.000Z',
  correlationId: randomUUID(),
  person: personOf(alice),
  course: { code: 'C-001', title: '新能源材料前沿' },
  category: 'professional',
  topic: '新能源',
  topicMatched: '新能源',
  hundredths: 600,
  completedAt: '2024-06-01T02:00:00.000Z',
  creditYear: 2024,
  makeup: false,
  passed: true,
  withdrawn: false,
  ...overrides,
});

export const withdrawalOf = (overrides: Partial<Withdrawal> = {}): Withdrawal => ({
  schema: completionSchemaVersion,
  kind: 'withdrawal',
  platform: 'hnu',
  recordId: 'R-missing',
  versionAt: '2024-07-01T00:00:00.000Z',
  position: 0,
  receivedAt: '2024-07-01T00:00:01.000Z',
  correlationId: randomUUID(),
  reason: '考试作弊，成绩作废',
  ...overrides,
});

/** Versions of one record at successive times. */
export const laterBy = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();
