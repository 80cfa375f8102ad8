/**
 * The oracle: from the payloads the simulators send, and the rules as rules.md states them,
 * what every person's ledger must show — written on its own (it imports nothing of the hub's
 * ledger, adapters or rules code), so a bug there cannot hide itself here.
 *
 * - Each payload is checked as the platform contract and the rules say (ID check character,
 *   category names, hours, times, training year, future times); a bad one is expected among
 *   the rejected, naming its fields. A withdrawal (jxnu zt = 0, wangti 撤销) with a usable
 *   record id withdraws that record even when its other fields are bad.
 * - The newest version of a record wins: hnu by occurredAt, wangti by 更新时间 and then the later
 *   row (the simulated export never splits rows of one 流水号 and 更新时间 across pages), jxnu by
 *   the order the records are sent (its version time is the request's timestamp, and the later
 *   record of an xh in one batch is the newer). A version time more than 10 minutes ahead of the
 *   hub's clock is bad input and decides nothing (a withdrawal dated so withdraws nothing).
 * - Withdrawn and failed records, and records of 0 学时, are recorded, not counted, and do not
 *   claim their course; of one person's records of one
 *   course (platform and course code) in one credit year the earliest completion counts (tie:
 *   the smaller record id), the others are repeats.
 */

/** rules.md for 2024; the project's 2025 and 2026 rule files are provisional copies of it. */
export const requirementsByYear: Readonly<
  Record<number, { publicHundredths: number; professionalHundredths: number; totalHundredths: number }>
> = {
  2024: { publicHundredths: 3000, professionalHundredths: 6000, totalHundredths: 9000 },
  2025: { publicHundredths: 3000, professionalHundredths: 6000, totalHundredths: 9000 },
  2026: { publicHundredths: 3000, professionalHundredths: 6000, totalHundredths: 9000 },
};
const futureToleranceMs = 10 * 60_000;
const hundredthsMax = 10_000;
/** rules.md: 100 学时 of 45 minutes. */
const minutesMax = 4_500;
const beijingOffsetMs = 8 * 3_600_000;

export type Platform = 'hnu' | 'jxnu' | 'wangti';
export type ExpectedState = 'counted' | 'repeat' | 'revoked' | 'not-passed' | 'zero-hours';

export interface ExpectedEntry {
  readonly platform: Platform;
  readonly recordId: string;
  readonly state: ExpectedState;
  readonly hundredths: number;
  readonly category: 'public' | 'professional';
}

export interface ExpectedLedger {
  /** Normalised (trimmed, upper-case X). */
  readonly idCardNo: string;
  readonly year: number;
  readonly publicHundredths: number;
  readonly professionalHundredths: number;
  readonly totalHundredths: number;
  readonly compliant: boolean;
  /** Counted entries. */
  readonly entries: number;
  /** Counted hundredths per platform (platforms with none left out). */
  readonly byPlatform: Readonly<Record<string, number>>;
  readonly records: readonly ExpectedEntry[];
}

export interface ExpectedRejection {
  readonly platform: Platform;
  readonly recordId: string | undefined;
  /** The fields that are wrong, as the platform names them. */
  readonly fields: readonly string[];
}

export interface OracleInput {
  /** hnu event bodies, in delivery order. */
  readonly hnu: readonly unknown[];
  /** jxnu records, in the order they are sent. */
  readonly jxnu: readonly unknown[];
  /** wangti export rows by Chinese column name, in export order. */
  readonly wangti: readonly Readonly<Record<string, string>>[];
  /** The hub's clock for the "more than 10 minutes in the future" rule. */
  readonly now: Date;
}

export interface Expectation {
  readonly ledgers: readonly ExpectedLedger[];
  /** Every payload expected to be rejected (a retried one as often as it is sent). */
  readonly rejected: readonly ExpectedRejection[];
  /** Payloads expected to be accepted, per platform (retries and re-exports included). */
  readonly accepted: Readonly<Record<Platform, number>>;
  /** Records whose versions tie on version time with different content: the oracle cannot know which wins. */
  readonly ambiguous: readonly string[];
  /** The ledger of one person and year; zeros for a person with none. */
  ledgerOf(idCardNo: string, year: number): ExpectedLedger;
}

interface Placed {
  readonly idCardNo: string;
  readonly creditYear: number;
  readonly category: 'public' | 'professional';
  readonly hundredths: number;
  readonly courseCode: string;
  readonly completedAtMs: number;
  readonly passed: boolean;
  readonly withdrawn: boolean;
}

interface OracleVersion {
  readonly platform: Platform;
  readonly recordId: string;
  /** Higher is newer. */
  readonly order: number;
  /** Undefined: a withdrawal naming only the record. */
  readonly placed: Placed | undefined;
  readonly fingerprint: string;
}

type Checked = { ok: true; version: OracleVersion } | { ok: false; rejection: ExpectedRejection };

// --- values as the contract and the rules define them -------------------------------------

const isText = (value: unknown): value is string => typeof value === 'string';

/** GB 11643: 17 digits, a real birth date, check character by ISO 7064 MOD 11-2 (X in either case, spaces around). */
export const normalisedIdCard = (value: unknown): string | undefined => {
  if (!isText(value)) return undefined;
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return undefined;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(id[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return (check === 10 ? 'X' : String(check)) === id[17] ? id : undefined;
};

const categoryOf = (value: unknown): 'public' | 'professional' | undefined => {
  const text = isText(value) ? value.trim() : '';
  if (['公需科目', '公需课', '公需'].includes(text)) return 'public';
  if (['专业科目', '专业课', '专业'].includes(text)) return 'professional';
  return undefined;
};

/** Decimal 学时 (number or text) to hundredths: more than 0, at most 100, at most two decimals. */
const decimalHundredths = (value: unknown): number | undefined => {
  const text =
    typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : isText(value) ? value.trim() : '';
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (/[1-9]/.test(fraction.slice(2))) return undefined;
  const hundredths = Number(match[1]) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  return hundredths > 0 && hundredths <= hundredthsMax ? hundredths : undefined;
};

/** jxnu minutes: whole, 1 to 4,500; 45 minutes a 学时, counted in half 学时 rounded down, under 45 minutes 0. */
const minutesOf = (value: unknown): number | undefined => {
  const minutes =
    typeof value === 'number' ? value : isText(value) && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= minutesMax ? minutes : undefined;
};
export const hundredthsOfMinutes = (minutes: number): number => (minutes < 45 ? 0 : Math.floor(minutes / 22.5) * 50);

const localTime = (value: unknown, separator: '-' | '/'): number | undefined => {
  if (!isText(value)) return undefined;
  const sep = separator === '/' ? '\\/' : '-';
  const match = new RegExp(`^(\\d{4})${sep}(\\d{2})${sep}(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})$`).exec(value.trim());
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return wall - beijingOffsetMs;
};

const isoTime = (value: unknown): number | undefined => {
  if (!isText(value)) return undefined;
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return localTime(text.replace('T', ' '), '-');
};

const beijingYear = (ms: number): number => new Date(ms + beijingOffsetMs).getUTCFullYear();

const trainingYearOf = (value: unknown): number | undefined | 'bad' => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? value : 'bad';
  if (isText(value))
    return value.trim() === '' ? undefined : /^\d{4}$/.test(value.trim()) ? Number(value.trim()) : 'bad';
  return 'bad';
};

interface Common {
  readonly idField: string;
  readonly categoryField: string;
  readonly completedField: string;
  readonly trainingYearField: string;
}

/** The rules' part of a completion: credit year (makeup), future times, a year with rules. */
const creditYearOf = (completedAtMs: number, trainingYear: number | undefined, now: Date): number | undefined => {
  if (completedAtMs > now.getTime() + futureToleranceMs) return undefined;
  const completionYear = beijingYear(completedAtMs);
  if (trainingYear !== undefined && trainingYear !== completionYear && trainingYear !== completionYear - 1)
    return undefined;
  const year = trainingYear ?? completionYear;
  return requirementsByYear[year] ? year : undefined;
};

const placedOf = (
  fields: Common,
  sent: {
    id: unknown;
    category: unknown;
    hundredths: number | undefined;
    hoursField: string;
    completedAtMs: number | undefined;
    trainingYear: unknown;
    courseCode: unknown;
    passed: boolean | undefined;
    withdrawn: boolean | undefined;
  },
  problems: string[],
  now: Date,
): Placed | undefined => {
  const idCardNo = normalisedIdCard(sent.id);
  if (!idCardNo) problems.push(fields.idField);
  const category = categoryOf(sent.category);
  if (!category) problems.push(fields.categoryField);
  if (sent.hundredths === undefined) problems.push(sent.hoursField);
  if (sent.completedAtMs === undefined) problems.push(fields.completedField);
  const trainingYear = trainingYearOf(sent.trainingYear);
  if (trainingYear === 'bad') problems.push(fields.trainingYearField);
  if (!isText(sent.courseCode) || sent.courseCode.trim() === '') problems.push('courseCode');
  if (
    problems.length > 0 ||
    !idCardNo ||
    !category ||
    sent.hundredths === undefined ||
    sent.completedAtMs === undefined ||
    trainingYear === 'bad' ||
    sent.passed === undefined ||
    sent.withdrawn === undefined
  ) {
    return undefined;
  }
  const creditYear = creditYearOf(sent.completedAtMs, trainingYear, now);
  if (creditYear === undefined) {
    problems.push(
      sent.completedAtMs > now.getTime() + futureToleranceMs || trainingYear === undefined
        ? fields.completedField
        : fields.trainingYearField,
    );
    return undefined;
  }
  return {
    idCardNo,
    creditYear,
    category,
    hundredths: sent.hundredths,
    courseCode: (sent.courseCode as string).trim(),
    completedAtMs: sent.completedAtMs,
    passed: sent.passed,
    withdrawn: sent.withdrawn,
  };
};

const fingerprintOf = (placed: Placed | undefined): string => JSON.stringify(placed ?? 'withdrawal');

// --- the three platforms ------------------------------------------------------------------

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const checkHnu = (body: unknown, now: Date): Checked => {
  const event = asObject(body);
  const data = asObject(event.data);
  const recordId = isText(data.recordId) && data.recordId !== '' ? data.recordId : undefined;
  const occurredAtSent = isoTime(event.occurredAt);
  const occurredAt =
    occurredAtSent !== undefined && occurredAtSent <= now.getTime() + futureToleranceMs ? occurredAtSent : undefined;
  const problems: string[] = [];
  if (!recordId) problems.push('data.recordId');
  if (occurredAt === undefined) problems.push('occurredAt');
  if (!isText(event.eventId) || event.eventId === '') problems.push('eventId');
  if (event.event === 'completion.revoked') {
    if (problems.length > 0 || !recordId || occurredAt === undefined)
      return { ok: false, rejection: { platform: 'hnu', recordId, fields: problems } };
    return {
      ok: true,
      version: {
        platform: 'hnu',
        recordId,
        order: occurredAt,
        placed: undefined,
        fingerprint: fingerprintOf(undefined),
      },
    };
  }
  if (event.event !== 'completion.created' && event.event !== 'completion.updated') problems.push('event');
  const learner = asObject(data.learner);
  const course = asObject(data.course);
  const placed = placedOf(
    {
      idField: 'data.learner.idCardNo',
      categoryField: 'data.course.subject',
      completedField: 'data.completedAt',
      trainingYearField: 'data.trainingYear',
    },
    {
      id: learner.idCardNo,
      category: course.subject,
      hundredths: decimalHundredths(course.credits),
      hoursField: 'data.course.credits',
      completedAtMs: isoTime(data.completedAt),
      trainingYear: data.trainingYear,
      courseCode: course.code,
      passed: typeof data.examPassed === 'boolean' ? data.examPassed : undefined,
      withdrawn: false,
    },
    problems,
    now,
  );
  if (typeof data.examPassed !== 'boolean') problems.push('data.examPassed');
  if (!placed || !recordId || occurredAt === undefined)
    return { ok: false, rejection: { platform: 'hnu', recordId, fields: problems } };
  return {
    ok: true,
    version: { platform: 'hnu', recordId, order: occurredAt, placed, fingerprint: fingerprintOf(placed) },
  };
};

const checkJxnu = (value: unknown, sendIndex: number, now: Date): Checked => {
  const record = asObject(value);
  const recordId = isText(record.xh) && record.xh.trim() !== '' ? record.xh.trim() : undefined;
  const problems: string[] = [];
  if (!recordId) problems.push('xh');
  const zt = record.zt === 0 || record.zt === '0' ? 0 : record.zt === 1 || record.zt === '1' ? 1 : undefined;
  if (zt === undefined) problems.push('zt');
  const khjg = isText(record.khjg) ? record.khjg.trim() : '';
  if (khjg !== '合格' && khjg !== '不合格') problems.push('khjg');
  const minutes = minutesOf(record.xxsc);
  const placed = placedOf(
    { idField: 'sfzh', categoryField: 'kclb', completedField: 'wcsj', trainingYearField: 'pxnd' },
    {
      id: record.sfzh,
      category: record.kclb,
      hundredths: minutes === undefined ? undefined : hundredthsOfMinutes(minutes),
      hoursField: 'xxsc',
      completedAtMs: localTime(record.wcsj, '-'),
      trainingYear: record.pxnd,
      courseCode: record.kcdm,
      passed: khjg === '合格' ? true : khjg === '不合格' ? false : undefined,
      withdrawn: zt === undefined ? undefined : zt === 0,
    },
    problems,
    now,
  );
  if (placed && recordId)
    return {
      ok: true,
      version: { platform: 'jxnu', recordId, order: sendIndex, placed, fingerprint: fingerprintOf(placed) },
    };
  // A withdrawal still withdraws its record when its other fields are bad.
  if (zt === 0 && recordId)
    return {
      ok: true,
      version: {
        platform: 'jxnu',
        recordId,
        order: sendIndex,
        placed: undefined,
        fingerprint: fingerprintOf(undefined),
      },
    };
  return { ok: false, rejection: { platform: 'jxnu', recordId, fields: problems } };
};

const checkWangti = (row: Readonly<Record<string, string>>, now: Date): Checked => {
  const recordId = isText(row.流水号) && row.流水号.trim() !== '' ? row.流水号.trim() : undefined;
  const problems: string[] = [];
  if (!recordId) problems.push('流水号');
  const updatedAtSent = localTime(row.更新时间, '/');
  const updatedAt =
    updatedAtSent !== undefined && updatedAtSent <= now.getTime() + futureToleranceMs ? updatedAtSent : undefined;
  if (updatedAt === undefined) problems.push('更新时间');
  const status = (row.状态 ?? '').trim();
  if (status !== '有效' && status !== '撤销') problems.push('状态');
  const placed = placedOf(
    { idField: '身份证号', categoryField: '科目类别', completedField: '完成时间', trainingYearField: '培训年度' },
    {
      id: row.身份证号,
      category: row.科目类别,
      hundredths: decimalHundredths(row.学时),
      hoursField: '学时',
      completedAtMs: localTime(row.完成时间, '/'),
      trainingYear: row.培训年度,
      courseCode: row.课程编号,
      passed: true,
      withdrawn: status === '有效' ? false : status === '撤销' ? true : undefined,
    },
    problems,
    now,
  );
  if (placed && recordId && updatedAt !== undefined)
    return {
      ok: true,
      version: { platform: 'wangti', recordId, order: updatedAt, placed, fingerprint: fingerprintOf(placed) },
    };
  if (status === '撤销' && recordId && updatedAt !== undefined) {
    return {
      ok: true,
      version: {
        platform: 'wangti',
        recordId,
        order: updatedAt,
        placed: undefined,
        fingerprint: fingerprintOf(undefined),
      },
    };
  }
  return { ok: false, rejection: { platform: 'wangti', recordId, fields: problems } };
};

// --- ledgers ------------------------------------------------------------------------------

const zeroLedger = (idCardNo: string, year: number): ExpectedLedger => ({
  idCardNo,
  year,
  publicHundredths: 0,
  professionalHundredths: 0,
  totalHundredths: 0,
  compliant: false,
  entries: 0,
  byPlatform: {},
  records: [],
});

type PlacedEntry = { readonly version: OracleVersion; readonly placed: Placed; readonly revoked: boolean };

/** Every payload checked; the good ones' versions by record (`platform#recordId`), in delivery order. */
const checkAll = (input: OracleInput) => {
  const checked: Checked[] = [
    ...input.hnu.map((body) => checkHnu(body, input.now)),
    ...input.jxnu.map((record, i) => checkJxnu(record, i, input.now)),
    ...input.wangti.map((row) => checkWangti(row, input.now)),
  ];
  const accepted: Record<Platform, number> = { hnu: 0, jxnu: 0, wangti: 0 };
  const rejected: ExpectedRejection[] = [];
  const versionsByRecord = new Map<string, OracleVersion[]>();
  for (const item of checked) {
    if (!item.ok) {
      rejected.push(item.rejection);
      continue;
    }
    accepted[item.version.platform] += 1;
    const key = `${item.version.platform}#${item.version.recordId}`;
    versionsByRecord.set(key, [...(versionsByRecord.get(key) ?? []), item.version]);
  }
  return { accepted, rejected, versionsByRecord };
};

/** Each record's newest version, placed in its person's ledger of its credit year (`idCardNo#year`). */
const placeNewest = (versionsByRecord: ReadonlyMap<string, OracleVersion[]>) => {
  const ambiguous: string[] = [];
  /** Per (person, year): the entries before repeats are decided. */
  const placedEntries = new Map<string, PlacedEntry[]>();
  for (const [key, versions] of versionsByRecord) {
    const newestOrder = Math.max(...versions.map((v) => v.order));
    const newest = versions.filter((v) => v.order === newestOrder);
    // Ties: jxnu and wangti order them by place in the delivery (the later wins); hnu's cannot be known.
    if (versions[0]?.platform === 'hnu' && new Set(newest.map((v) => v.fingerprint)).size > 1) ambiguous.push(key);
    const winner = newest[newest.length - 1] as OracleVersion;
    // A withdrawal naming only the record leaves the record where its newest completion put it.
    const where =
      winner.placed ??
      [...versions]
        .filter((v) => v.placed)
        .sort((a, b) => a.order - b.order)
        .at(-1)?.placed;
    if (!where) continue;
    const ledgerKey = `${where.idCardNo}#${where.creditYear}`;
    placedEntries.set(ledgerKey, [
      ...(placedEntries.get(ledgerKey) ?? []),
      { version: winner, placed: where, revoked: winner.placed === undefined || where.withdrawn },
    ]);
  }
  return { ambiguous, placedEntries };
};

/** Of one person's records of one course in a year, the one that counts: the earliest completion (tie: the smaller record id). */
const countingRecords = (entries: readonly PlacedEntry[]): Map<string, { recordId: string; completedAtMs: number }> => {
  const countsFirst = new Map<string, { recordId: string; completedAtMs: number }>();
  for (const { version, placed, revoked } of entries) {
    if (revoked || !placed.passed || placed.hundredths === 0) continue;
    const course = `${version.platform}#${placed.courseCode}`;
    const current = countsFirst.get(course);
    if (
      !current ||
      placed.completedAtMs < current.completedAtMs ||
      (placed.completedAtMs === current.completedAtMs && version.recordId < current.recordId)
    ) {
      countsFirst.set(course, { recordId: version.recordId, completedAtMs: placed.completedAtMs });
    }
  }
  return countsFirst;
};

const entriesOf = (entries: readonly PlacedEntry[]): ExpectedEntry[] => {
  const countsFirst = countingRecords(entries);
  return entries.map(({ version, placed, revoked }) => ({
    platform: version.platform,
    recordId: version.recordId,
    hundredths: placed.hundredths,
    category: placed.category,
    state: revoked
      ? 'revoked'
      : !placed.passed
        ? 'not-passed'
        : placed.hundredths === 0
          ? 'zero-hours'
          : countsFirst.get(`${version.platform}#${placed.courseCode}`)?.recordId === version.recordId
            ? 'counted'
            : 'repeat',
  }));
};

/** One person's ledger of one year from the records placed there. */
const ledgerOf = (idCardNo: string, year: number, entries: readonly PlacedEntry[]): ExpectedLedger => {
  const records = entriesOf(entries);
  const counted = records.filter((r) => r.state === 'counted');
  const sum = (list: readonly ExpectedEntry[]) => list.reduce((total, r) => total + r.hundredths, 0);
  const publicHundredths = sum(counted.filter((r) => r.category === 'public'));
  const professionalHundredths = sum(counted.filter((r) => r.category === 'professional'));
  const totalHundredths = publicHundredths + professionalHundredths;
  const need = requirementsByYear[year] as (typeof requirementsByYear)[number];
  const byPlatform: Record<string, number> = {};
  for (const r of counted) if (r.hundredths > 0) byPlatform[r.platform] = (byPlatform[r.platform] ?? 0) + r.hundredths;
  return {
    idCardNo,
    year,
    publicHundredths,
    professionalHundredths,
    totalHundredths,
    compliant:
      publicHundredths >= need.publicHundredths &&
      professionalHundredths >= need.professionalHundredths &&
      totalHundredths >= need.totalHundredths,
    entries: counted.length,
    byPlatform,
    records: records.sort((a, b) => (a.platform + a.recordId < b.platform + b.recordId ? -1 : 1)),
  };
};

export const expectLedgers = (input: OracleInput): Expectation => {
  const { accepted, rejected, versionsByRecord } = checkAll(input);
  const { ambiguous, placedEntries } = placeNewest(versionsByRecord);
  const ledgers = new Map<string, ExpectedLedger>();
  for (const [ledgerKey, entries] of placedEntries) {
    const [idCardNo, yearText] = ledgerKey.split('#') as [string, string];
    ledgers.set(ledgerKey, ledgerOf(idCardNo, Number(yearText), entries));
  }
  return {
    ledgers: [...ledgers.values()].sort((a, b) => (a.idCardNo + a.year < b.idCardNo + b.year ? -1 : 1)),
    rejected,
    accepted,
    ambiguous,
    ledgerOf: (idCardNo, year) =>
      ledgers.get(`${idCardNo.trim().toUpperCase()}#${year}`) ?? zeroLedger(idCardNo.trim().toUpperCase(), year),
  };
};

/** The oracle's input from a generated scenario. */
export const oracleInputOf = (
  scenario: {
    hnu: readonly { body: unknown }[];
    jxnu: readonly { record: unknown }[];
    wangti: readonly Readonly<Record<string, string>>[];
  },
  now: Date = new Date(),
): OracleInput => ({
  hnu: scenario.hnu.map((d) => d.body),
  jxnu: scenario.jxnu.map((s) => s.record),
  wangti: scenario.wangti,
  now,
});
