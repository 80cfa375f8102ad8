/**
 * A seeded stream of platform traffic for N people and M completions, shaped like the real
 * thing (platforms.md, rules.md): duplicates (retries), corrections, withdrawals (some
 * delivered before their completion), repeats of a course, failed exams, makeup study,
 * year-boundary times, topics off the year's list, minutes that round to 0 学时, and a few bad
 * records (wrong check character, bad category, 0 hours, over the hours limit, a version time
 * in the future). And at a small rate the cases the spec allows that are easy to steer around:
 * a jxnu record's versions in one batch (the later wins), wangti rows of one record with one
 * 更新时间 (the later row wins), corrections dated in the future (quarantined, never deciding
 * the record), 0-学时 records before a real completion of the same course. Every payload is
 * what its platform would send; sim/expected.ts works out from these payloads alone what the
 * ledgers must be.
 *
 * Orders: hnu deliveries may arrive in any order (each carries its own version time); jxnu
 * records are sent in order (their version time is the request's timestamp, so the client
 * sends batches one after another); wangti rows are the export's change log, newest last.
 */
import {
  catalogueOf,
  categoryNames,
  professionalTopics2024,
  publicTopics2024,
  type SimCourse,
  type SimPlatform,
} from './courses.js';
import { generatePeople, withWrongCheckCharacter, type SimPerson } from './people.js';
import { createRandom, type Random } from './random.js';
import { beijingInstant, beijingYearOfMs, hnuTimeOf, jxnuTimeOf, wangtiTimeOf } from './times.js';
import type { WangtiExportRow } from './wangti-csv.js';

export const simPlatforms: readonly SimPlatform[] = ['hnu', 'jxnu', 'wangti'];
export type BadKind = 'wrong-check-character' | 'bad-category' | 'zero-hours' | 'over-limit' | 'future-version';
export const badKinds: readonly BadKind[] = [
  'wrong-check-character',
  'bad-category',
  'zero-hours',
  'over-limit',
  'future-version',
];

/** A version time far ahead of any hub clock: a platform's clock gone wrong (rules.md: bad input). */
export const futureVersionMs = Date.UTC(2099, 5, 1, 2, 0, 0);
/** Hours just over the limit (rules.md: 100 学时; jxnu 4,500 minutes). */
const overLimit = { hundredths: 10_001, minutes: 4_501 } as const;

export type Feature =
  | 'correction'
  | 'late-original'
  | 'withdrawal'
  | 'withdrawal-first'
  | 'repeat'
  | 'failed-exam'
  | 'makeup'
  | 'year-boundary'
  | 'year-2025'
  | 'duplicate'
  | 'off-list-topic'
  | 'under-45-minutes'
  | 'same-delivery'
  | 'future-correction';

export interface ScenarioOptions {
  readonly seed: string | number;
  readonly people: number;
  readonly completions: number;
  /** Bad records on top of the completions; default: 3 for small runs, else 2 % (at least 9). */
  readonly badRecords?: number;
  /** The platforms that send (default all three, each as likely): e.g. only hnu for a single-platform run. */
  readonly platforms?: readonly SimPlatform[];
}

export interface HnuDelivery {
  readonly eventId: string;
  readonly body: Record<string, unknown>;
}

export interface JxnuSend {
  readonly record: Record<string, unknown>;
}

export interface PlannedRecord {
  readonly platform: SimPlatform;
  readonly recordId: string;
  readonly idCardNo: string;
  readonly bad?: BadKind;
  readonly features: readonly Feature[];
}

export interface Scenario {
  readonly seed: string;
  /** Distinguishes this scenario's record ids from another seed's (runs against one hub). */
  readonly tag: string;
  readonly people: readonly SimPerson[];
  readonly hnu: readonly HnuDelivery[];
  readonly jxnu: readonly JxnuSend[];
  readonly wangti: readonly WangtiExportRow[];
  /** What the generator meant each record to be: for cross-checks and the demo's story. */
  readonly records: readonly PlannedRecord[];
}

interface Content {
  readonly idSent: string;
  readonly course: SimCourse;
  readonly categorySent: string;
  readonly hundredths: number;
  readonly minutes: number;
  readonly completedAtMs: number;
  /** hnu: the completedAt text when it is a special form (UTC `Z`). */
  readonly completedAtText?: string;
  readonly trainingYear?: number;
  readonly passed: boolean;
}

interface Version {
  readonly atMs: number;
  readonly kind: 'completion' | 'withdrawal';
  readonly content: Content;
}

interface SimRecord {
  readonly platform: SimPlatform;
  readonly recordId: string;
  readonly person: SimPerson;
  readonly versions: Version[];
  readonly features: Set<Feature>;
  readonly bad?: BadKind;
}

const dayMs = 86_400_000;
const listedTopics = [...publicTopics2024, ...professionalTopics2024];
const wholeSeconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

const tagOf = (seed: string): string => {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i += 1) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(36).padStart(6, '0').slice(0, 6).toUpperCase();
};

const badCountOf = (completions: number): number =>
  completions < 90 ? 3 : Math.max(9, Math.round(completions * 0.02));

/** A completion time: mostly 2024, some early 2025, a few exactly at the year boundary. */
const completionTimeOf = (random: Random, features: Set<Feature>): { ms: number; text?: string } => {
  const roll = random.next();
  if (roll < 0.02) {
    features.add('year-boundary');
    return { ms: beijingInstant(2024, 12, 31, 23, 59, 59), text: '2024-12-31T23:59:59+08:00' };
  }
  if (roll < 0.04) {
    features.add('year-boundary');
    // 2025-01-01 00:30 in Beijing: a 2025 record.
    return { ms: Date.UTC(2024, 11, 31, 16, 30, 0), text: '2024-12-31T16:30:00Z' };
  }
  if (roll < 0.14) {
    features.add('year-2025');
    return { ms: wholeSeconds(beijingInstant(2025, 1, 2, 8) + random.next() * 85 * dayMs) };
  }
  return { ms: wholeSeconds(beijingInstant(2024, 1, 5, 8) + random.next() * 345 * dayMs) };
};

/** What generating one scenario draws from: its random stream, people, catalogues and record ids. */
interface Generator {
  readonly random: Random;
  readonly platforms: readonly SimPlatform[];
  readonly people: readonly SimPerson[];
  readonly catalogues: Readonly<Record<SimPlatform, SimCourse[]>>;
  readonly recordIdOf: (platform: SimPlatform) => string;
  readonly idSentOf: (platform: SimPlatform, idCardNo: string) => string;
  /** Records by person and platform, for repeats. */
  readonly earlier: Map<string, SimRecord[]>;
}

const generatorOf = (
  seed: string,
  tag: string,
  people: readonly SimPerson[],
  platforms: readonly SimPlatform[],
): Generator => {
  const random = createRandom(seed).fork('scenario');
  const catalogues = Object.fromEntries(
    simPlatforms.map((platform) => [platform, catalogueOf(platform, random.fork(`catalogue-${platform}`))]),
  ) as Record<SimPlatform, SimCourse[]>;
  const counters: Record<SimPlatform, number> = { hnu: 0, jxnu: 0, wangti: 0 };
  const recordIdOf = (platform: SimPlatform): string => {
    counters[platform] += 1;
    const n = counters[platform];
    if (platform === 'hnu') return `HNU-${tag}-${String(n).padStart(7, '0')}`;
    if (platform === 'jxnu') return `JXNU${tag}${String(n).padStart(8, '0')}`;
    return `WT-${tag}-${String(n).padStart(8, '0')}`;
  };
  const idSentOf = (platform: SimPlatform, idCardNo: string): string => {
    if (idCardNo.endsWith('X') && platform !== 'wangti' && random.chance(0.5)) return `${idCardNo.slice(0, 17)}x`;
    if (platform === 'wangti' && random.chance(0.1)) return ` ${idCardNo} `;
    return idCardNo;
  };
  return { random, platforms, people, catalogues, recordIdOf, idSentOf, earlier: new Map() };
};

/** The course and completion time of a new record: sometimes a repeat of an earlier record's course. */
const courseAndTimeOf = (
  gen: Generator,
  platform: SimPlatform,
  before: readonly SimRecord[],
  features: Set<Feature>,
) => {
  const { random } = gen;
  const catalogue = gen.catalogues[platform];
  let course = random.chance(0.4)
    ? random.pick(catalogue.filter((c) => c.category === 'public'))
    : random.pick(catalogue.filter((c) => c.category === 'professional'));
  const time = completionTimeOf(random, features);
  let completedAtMs = time.ms;
  let completedAtText = time.text;
  if (before.length > 0 && random.chance(0.07)) {
    // The same course again (a repeat) some days after the first, in the same year: or a retake after a failed exam.
    const firstContent = random.pick(before).versions[0]?.content;
    if (firstContent) {
      course = firstContent.course;
      const later = firstContent.completedAtMs + random.int(1, 20) * dayMs + random.int(0, 3600) * 1000;
      completedAtMs =
        beijingYearOfMs(later) === beijingYearOfMs(firstContent.completedAtMs)
          ? later
          : firstContent.completedAtMs + 1000;
      completedAtText = undefined;
      features.delete('year-boundary');
      features.delete('year-2025');
      if (beijingYearOfMs(completedAtMs) === 2025) features.add('year-2025');
      features.add('repeat');
    }
  }
  return { course, completedAtMs, completedAtText };
};

/** The first version's content of a new record: its course, time, training year, exam and hours. */
const firstContentOf = (
  gen: Generator,
  platform: SimPlatform,
  person: SimPerson,
  before: readonly SimRecord[],
  features: Set<Feature>,
): Content => {
  const { random } = gen;
  const { course, completedAtMs, completedAtText } = courseAndTimeOf(gen, platform, before, features);
  if (!(listedTopics as readonly string[]).includes(course.topic)) features.add('off-list-topic');
  let trainingYear: number | undefined;
  const completionYear = beijingYearOfMs(completedAtMs);
  if (completionYear === 2025 && random.chance(0.5)) {
    trainingYear = 2024;
    features.add('makeup');
  } else if (random.chance(0.25)) {
    trainingYear = completionYear;
  }
  const passed = platform === 'wangti' ? true : !random.chance(0.07);
  if (!passed) features.add('failed-exam');
  // Now and then a jxnu record under 45 minutes of a course that may be repeated later: 0 学时 never claims it.
  const minutes = platform === 'jxnu' && random.chance(0.02) ? random.int(1, 44) : course.minutes;
  if (platform === 'jxnu' && minutes < 45) features.add('under-45-minutes');
  return {
    idSent: gen.idSentOf(platform, person.idCardNo),
    course,
    categorySent: categoryNames[platform][course.category],
    hundredths: course.hundredths,
    minutes,
    completedAtMs,
    ...(completedAtText === undefined ? {} : { completedAtText }),
    ...(trainingYear === undefined ? {} : { trainingYear }),
    passed,
  };
};

/** The versions a record goes through: the completion, sometimes a correction, a withdrawal, same-delivery times, a future correction. */
const versionsOf = (gen: Generator, platform: SimPlatform, content: Content, features: Set<Feature>): Version[] => {
  const { random } = gen;
  const firstAt = wholeSeconds(content.completedAtMs + random.int(60, 7200) * 1000);
  const versions: Version[] = [{ atMs: firstAt, kind: 'completion', content }];
  if (random.chance(0.1)) {
    features.add('correction');
    const corrected: Content =
      platform === 'jxnu'
        ? { ...content, minutes: random.pick([90, 135, 180, 270].filter((m) => m !== content.minutes)) }
        : { ...content, hundredths: random.pick([150, 300, 450, 700].filter((h) => h !== content.hundredths)) };
    versions.push({ atMs: firstAt + random.int(1, 20) * dayMs, kind: 'completion', content: corrected });
    if (platform === 'hnu' && random.chance(0.3)) features.add('late-original');
  }
  if (random.chance(0.07)) {
    features.add('withdrawal');
    const last = versions.at(-1) as Version;
    versions.push({ atMs: last.atMs + random.int(1, 30) * dayMs, kind: 'withdrawal', content: last.content });
    if (platform === 'hnu' && random.chance(0.5)) features.add('withdrawal-first');
  }
  if (platform !== 'hnu' && versions.length > 1 && random.chance(0.3)) {
    // jxnu: the next version right after in the send order, so in the same batch; wangti: the same 更新时间.
    features.add('same-delivery');
    const [first, second] = versions as [Version, Version, ...Version[]];
    versions[1] = { ...second, atMs: platform === 'jxnu' ? first.atMs + 1 : first.atMs };
    if (versions[2]) versions[2] = { ...versions[2], atMs: Math.max(versions[2].atMs, first.atMs + 2) };
  }
  if (platform !== 'jxnu' && random.chance(0.02)) {
    // A correction from a platform whose clock has run ahead: quarantined, the record stays as it was.
    features.add('future-correction');
    const last = versions.at(-1) as Version;
    versions.push({
      atMs: futureVersionMs,
      kind: 'completion',
      content: { ...last.content, hundredths: last.content.hundredths === 700 ? 150 : 700 },
    });
  }
  return versions;
};

const completionRecordOf = (gen: Generator): SimRecord => {
  const { random, people } = gen;
  const platform = random.pick(gen.platforms);
  // A third of the people study much more than the rest, so some of them reach the year's requirement.
  const person = random.chance(0.6)
    ? (people[random.int(0, Math.max(0, Math.ceil(people.length / 3) - 1))] as SimPerson)
    : random.pick(people);
  const features = new Set<Feature>();
  const key = `${person.idCardNo}#${platform}`;
  const before = gen.earlier.get(key) ?? [];
  const content = firstContentOf(gen, platform, person, before, features);
  const record: SimRecord = {
    platform,
    recordId: gen.recordIdOf(platform),
    person,
    versions: versionsOf(gen, platform, content, features),
    features,
  };
  gen.earlier.set(key, [...before, record]);
  return record;
};

/** The j-th bad record: each sending platform in turn, each kind of bad in turn. */
const badRecordOf = (gen: Generator, j: number): SimRecord => {
  const { random } = gen;
  const platform = gen.platforms[j % gen.platforms.length] as SimPlatform;
  const bad = badKinds[Math.floor(j / gen.platforms.length) % badKinds.length] as BadKind;
  const person = random.pick(gen.people);
  const course = random.pick(gen.catalogues[platform]);
  const completedAtMs = wholeSeconds(beijingInstant(2024, 3, 1, 9) + random.next() * 200 * dayMs);
  // jxnu's version time is its request's timestamp, never in the future: its future-version case is one over the limit.
  const overTheLimit = bad === 'over-limit' || (bad === 'future-version' && platform === 'jxnu');
  const content: Content = {
    idSent: bad === 'wrong-check-character' ? withWrongCheckCharacter(person.idCardNo) : person.idCardNo,
    course,
    categorySent:
      bad === 'bad-category'
        ? { hnu: '选修科目', jxnu: '选修课', wangti: '选修' }[platform]
        : categoryNames[platform][course.category],
    hundredths: bad === 'zero-hours' ? 0 : overTheLimit ? overLimit.hundredths : course.hundredths,
    minutes: bad === 'zero-hours' ? 0 : overTheLimit ? overLimit.minutes : course.minutes,
    completedAtMs,
    passed: true,
  };
  const atMs = bad === 'future-version' && platform !== 'jxnu' ? futureVersionMs : completedAtMs + 600_000;
  return {
    platform,
    recordId: gen.recordIdOf(platform),
    person,
    versions: [{ atMs, kind: 'completion', content }],
    features: new Set(),
    bad,
  };
};

type Placed = { readonly record: SimRecord; readonly version: Version; readonly index: number };

/** A platform's versions in version order (time, then record, then the record's own order). */
const inVersionOrder = (records: readonly SimRecord[], platform: SimPlatform): Placed[] =>
  records
    .filter((r) => r.platform === platform)
    .flatMap((record) => record.versions.map((version, index) => ({ record, version, index })))
    .sort(
      (a, b) =>
        a.version.atMs - b.version.atMs ||
        (a.record.recordId < b.record.recordId ? -1 : a.record.recordId > b.record.recordId ? 1 : a.index - b.index),
    );

/** hnu: deliveries in version order, then some out of order: withdrawals before their completion, corrections before their original. */
const hnuDeliveryOrder = (records: readonly SimRecord[]): Placed[] => {
  const order = inVersionOrder(records, 'hnu');
  const moveBefore = (item: Placed, target: Placed) => {
    order.splice(order.indexOf(item), 1);
    order.splice(order.indexOf(target), 0, item);
  };
  for (const record of records.filter((r) => r.platform === 'hnu')) {
    const mine = order.filter((d) => d.record === record);
    const first = mine[0];
    const withdrawal = mine.filter((d) => d.version.kind === 'withdrawal').at(-1);
    if (!first) continue;
    if (record.features.has('withdrawal-first') && withdrawal) moveBefore(withdrawal, first);
    else if (record.features.has('late-original') && mine[1]) moveBefore(mine[1], first);
  }
  return order;
};

/** Each delivery once, and now and then again right after it (a retry, a re-export). */
const withRetries = <T>(placed: readonly Placed[], random: Random, deliveryOf: (p: Placed) => T): T[] => {
  const out: T[] = [];
  for (const p of placed) {
    const delivery = deliveryOf(p);
    out.push(delivery);
    if (random.chance(0.08)) {
      p.record.features.add('duplicate');
      out.push(delivery);
    }
  }
  return out;
};

export const generateScenario = (options: ScenarioOptions): Scenario => {
  const seed = String(options.seed);
  const tag = tagOf(seed);
  const people = generatePeople(options.people, seed);
  if (people.length === 0) throw new RangeError('a scenario needs at least one person');
  const platforms = options.platforms ?? simPlatforms;
  if (platforms.length === 0) throw new RangeError('a scenario needs at least one platform');
  const gen = generatorOf(seed, tag, people, platforms);
  const records: SimRecord[] = Array.from({ length: options.completions }, () => completionRecordOf(gen));
  const badCount = options.badRecords ?? badCountOf(options.completions);
  for (let j = 0; j < badCount; j += 1) records.push(badRecordOf(gen, j));

  const hnu = withRetries(
    hnuDeliveryOrder(records),
    gen.random,
    ({ record, version, index }): HnuDelivery => ({
      eventId: `evt_${record.recordId.toLowerCase()}_${index}`,
      body: hnuBodyOf(record, version, index),
    }),
  );
  const jxnu = withRetries(
    inVersionOrder(records, 'jxnu'),
    gen.random,
    ({ record, version }): JxnuSend => ({ record: jxnuRecordOf(record, version) }),
  );
  const wangti = withRetries(inVersionOrder(records, 'wangti'), gen.random, ({ record, version }) =>
    wangtiRowOf(record, version),
  );

  return {
    seed,
    tag,
    people,
    hnu,
    jxnu,
    wangti,
    records: records.map((r) => ({
      platform: r.platform,
      recordId: r.recordId,
      idCardNo: r.person.idCardNo,
      ...(r.bad ? { bad: r.bad } : {}),
      features: [...r.features].sort(),
    })),
  };
};

const hnuBodyOf = (record: SimRecord, version: Version, index: number): Record<string, unknown> => {
  const eventId = `evt_${record.recordId.toLowerCase()}_${index}`;
  const occurredAt = hnuTimeOf(version.atMs);
  if (version.kind === 'withdrawal') {
    return {
      event: 'completion.revoked',
      eventId,
      occurredAt,
      data: { recordId: record.recordId, reason: '考试作弊，成绩作废' },
    };
  }
  const c = version.content;
  const credits = c.hundredths / 100;
  return {
    event: index === 0 ? 'completion.created' : 'completion.updated',
    eventId,
    occurredAt,
    data: {
      recordId: record.recordId,
      learner: { idCardNo: c.idSent, name: record.person.name, employer: record.person.employer },
      course: {
        code: c.course.code,
        title: c.course.title,
        subject: c.categorySent,
        topic: c.course.topic,
        // Older senders send credits as a decimal string.
        credits: record.recordId.endsWith('3') ? String(credits) : credits,
      },
      completedAt: c.completedAtText ?? hnuTimeOf(c.completedAtMs),
      examPassed: c.passed,
      ...(c.trainingYear === undefined ? {} : { trainingYear: c.trainingYear }),
      channel: 'web',
    },
  };
};

const jxnuRecordOf = (record: SimRecord, version: Version): Record<string, unknown> => {
  const c = version.content;
  return {
    xh: record.recordId,
    sfzh: c.idSent,
    xm: record.person.name,
    kcdm: c.course.code,
    kcmc: c.course.title,
    kclb: c.categorySent,
    ztmc: c.course.topic,
    xxsc: c.minutes,
    wcsj: jxnuTimeOf(c.completedAtMs),
    khjg: c.passed ? '合格' : '不合格',
    zt: version.kind === 'withdrawal' ? 0 : 1,
    ...(c.trainingYear === undefined ? {} : { pxnd: c.trainingYear }),
  };
};

const wangtiRowOf = (record: SimRecord, version: Version): WangtiExportRow => {
  const c = version.content;
  return {
    流水号: record.recordId,
    身份证号: c.idSent,
    姓名: record.person.name,
    课程编号: c.course.code,
    课程名称: c.course.title,
    科目类别: c.categorySent,
    专题: c.course.topic,
    学时: String(c.hundredths / 100),
    完成时间: wangtiTimeOf(c.completedAtMs),
    状态: version.kind === 'withdrawal' ? '撤销' : '有效',
    更新时间: wangtiTimeOf(version.atMs),
    培训年度: c.trainingYear === undefined ? '' : String(c.trainingYear),
  };
};
