/**
 * A self-contained hnu-only traffic mix for the benchmark (`--source hnu`): many people and a
 * few very active ones, 10 % duplicate deliveries, some corrections and withdrawals, in a
 * shuffled order (newest version wins whatever the order, so the expectation does not depend
 * on it). Its expectation is computed here from what it sends, independently of the hub's
 * ledger code: per person, the hours of each record's newest version unless withdrawn.
 *
 * The full mix of all three platforms comes from the simulators (scripts/bench/sim-scenario.ts).
 */
import { idCardCheckCharacter } from '../../shared/person/id-card.js';
import { signHnu } from '../../shared/platforms/hnu/signature.js';

export interface ScenarioShape {
  readonly completions: number;
  readonly people: number;
  /** Share of people who are very active, and the share of completions they make. */
  readonly activeShare: number;
  readonly activeCompletionShare: number;
  readonly duplicateShare: number;
  readonly correctionShare: number;
  readonly withdrawalShare: number;
  readonly seed: number;
  /** First person number: scenarios with different bases have different people. */
  readonly personBase?: number;
}

export const scenarioShapeDefault: Omit<ScenarioShape, 'completions' | 'people'> = {
  activeShare: 0.01,
  activeCompletionShare: 0.05,
  duplicateShare: 0.1,
  correctionShare: 0.05,
  withdrawalShare: 0.02,
  seed: 7,
};

/** What a delivery needs of the hub: its URL, and (for the export the hub polls) a poll run. */
export interface DeliveryTarget {
  readonly baseUrl: string;
  runSchedule(functionName: 'wangtiPoller'): Promise<unknown>;
}

/**
 * One delivery as the platform makes it, carrying `records` record versions: a webhook
 * request (`webhook`: its answer is the acknowledgement), or rows added to the export the hub
 * then polls (`pull`). Deliveries with a `lane` go one after another in their lane's order
 * (jxnu: a record's version time is its request's timestamp; wangti: the export is a log).
 */
export interface Delivery {
  readonly platform: 'hnu' | 'jxnu' | 'wangti';
  readonly records: number;
  readonly kind: 'webhook' | 'pull';
  readonly lane?: string;
  send(target: DeliveryTarget): Promise<number>;
}

export interface ExpectedLedger {
  readonly idCardNo: string;
  readonly totalHundredths: number;
  readonly counted: number;
}

/** A small seeded generator (mulberry32), so a run can be repeated. */
export const seeded = (seed: number) => {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const idCardNoOf = (n: number): string => {
  const day = String(1 + (n % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0');
  const year = 1960 + (Math.floor(n / 336) % 40);
  const first17 = `360102${year}${month}${day}${String(Math.floor(n / 13_440) % 1000).padStart(3, '0')}`;
  return `${first17}${idCardCheckCharacter(first17)}`;
};

const topics = ['电子信息', '新能源', '新材料', '装备制造', '生物医药', '绿色食品', '高效农林'] as const;
const hnuSecret = 'dev-hnu-secret-1';

const postHnu =
  (body: string, eventId: string) =>
  async ({ baseUrl }: DeliveryTarget): Promise<number> => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${baseUrl}/webhooks/hnu`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hnu-event-id': eventId,
        'x-hnu-timestamp': timestamp,
        'x-hnu-signature': signHnu(hnuSecret, timestamp, body),
      },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  };

export interface HnuScenario {
  readonly deliveries: Delivery[];
  readonly expected: Map<string, ExpectedLedger>;
  readonly year: number;
}

/**
 * `completions` deliveries in all (each one record version). `offset` keeps record ids and
 * times of a second scenario (the warm-up's and the measured one's) apart; `people` may be
 * shared between them, the expectation of a later one then includes the earlier's records.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: over 70 lines before the rule came in; to be split into named steps (issue 14)
export const hnuScenario = (shape: ScenarioShape, offset = 0): HnuScenario => {
  const random = seeded(shape.seed + offset);
  const activePeople = Math.max(1, Math.round(shape.people * shape.activeShare));
  const base = shape.personBase ?? 0;
  const pickPerson = (): number =>
    base +
    (random() < shape.activeCompletionShare
      ? Math.floor(random() * activePeople)
      : activePeople + Math.floor(random() * (shape.people - activePeople)));
  const deliveries: Delivery[] = [];
  const records = new Map<string, { person: number; hundredths: number; withdrawn: boolean; versionAt: number }>();
  let clock = Date.parse('2024-03-01T00:00:00+08:00') + offset * 1_000_000_000;
  const next = () => (clock += 1000);
  const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
  let serial = offset * 10_000_000;
  const recordIds: string[] = [];
  const bodies: Array<{ body: string; eventId: string }> = [];
  while (bodies.length < shape.completions) {
    const roll = random();
    if (roll < shape.duplicateShare && bodies.length > 0) {
      bodies.push(bodies[Math.floor(random() * bodies.length)] as { body: string; eventId: string });
      continue;
    }
    const existing = recordIds.length > 0 ? (recordIds[Math.floor(random() * recordIds.length)] as string) : undefined;
    const versionAt = next();
    if (existing && roll < shape.duplicateShare + shape.withdrawalShare) {
      const record = records.get(existing)!;
      const eventId = `evt_${serial++}`;
      bodies.push({
        eventId,
        body: JSON.stringify({
          event: 'completion.revoked',
          eventId,
          occurredAt: iso(versionAt),
          data: { recordId: existing, reason: '课程作废' },
        }),
      });
      if (versionAt > record.versionAt) records.set(existing, { ...record, withdrawn: true, versionAt });
      continue;
    }
    const correction = existing && roll < shape.duplicateShare + shape.withdrawalShare + shape.correctionShare;
    const recordId = correction ? existing : `HNU-B-${serial++}`;
    const person = correction ? records.get(recordId)!.person : pickPerson();
    const hundredths = 50 * (1 + Math.floor(random() * 12));
    const completedAt = iso(Date.parse('2024-01-02T00:00:00+08:00') + Math.floor(random() * 300) * 86_400_000);
    const eventId = `evt_${serial++}`;
    const body = {
      event: correction ? 'completion.updated' : 'completion.created',
      eventId,
      occurredAt: iso(versionAt),
      data: {
        recordId,
        learner: { idCardNo: idCardNoOf(person), name: '测试', employer: '江西省' },
        // One course per record: two records never repeat one course, so every record counts.
        course: {
          code: `HNU-C-${recordId}`,
          title: '课程',
          subject: random() < 0.34 ? '公需科目' : '专业科目',
          topic: topics[Math.floor(random() * topics.length)],
          credits: hundredths / 100,
        },
        completedAt,
        examPassed: true,
        trainingYear: 2024,
      },
    };
    bodies.push({ eventId, body: JSON.stringify(body) });
    const previous = records.get(recordId);
    if (!previous || versionAt > previous.versionAt)
      records.set(recordId, {
        person,
        hundredths,
        withdrawn: previous?.withdrawn === true && previous.versionAt > versionAt,
        versionAt,
      });
    if (!correction) recordIds.push(recordId);
  }
  // Shuffle (Fisher-Yates): arrival order must not matter.
  for (let i = bodies.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [bodies[i], bodies[j]] = [
      bodies[j] as { body: string; eventId: string },
      bodies[i] as { body: string; eventId: string },
    ];
  }
  for (const { body, eventId } of bodies)
    deliveries.push({ platform: 'hnu', records: 1, kind: 'webhook', send: postHnu(body, eventId) });
  const expected = new Map<string, ExpectedLedger>();
  for (const record of records.values()) {
    const idCardNo = idCardNoOf(record.person);
    const current = expected.get(idCardNo) ?? { idCardNo, totalHundredths: 0, counted: 0 };
    expected.set(
      idCardNo,
      record.withdrawn
        ? current
        : { idCardNo, totalHundredths: current.totalHundredths + record.hundredths, counted: current.counted + 1 },
    );
  }
  return { deliveries, expected, year: 2024 };
};
