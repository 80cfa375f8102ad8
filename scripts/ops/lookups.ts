/**
 * The operator's lookup commands: `person` (the ID card number read from standard input, never
 * from the command line, where shell history and the process list would keep it) and
 * `record PLATFORM RECORD_ID`. Each prints the entries with their state and why, each record's
 * versions with what they did, and the failures.
 */
import type { PersonLookup, RecordLookup } from '../../shared/ops/lookups.js';
import type { RecordVersionView, StoryEntry } from '../../shared/ops/record-story.js';
import { platformCodes } from '../../shared/platforms/platform.js';
import { flagOf, type Print, UsageError } from './arguments.js';
import { callOps, type OpsTarget } from './client.js';
import { beijingTime, describeFailures, table } from './format.js';

/** The first line of standard input (a prompt on a terminal: the input is not echoed back by this program). */
export const firstLineOfStdin = async (): Promise<string> => {
  if (process.stdin.isTTY) process.stderr.write('ID card number: ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
};

const versionLine = (version: RecordVersionView): string =>
  `    ${version.kind.padEnd(10)} of ${beijingTime(version.versionAt)}, received ${beijingTime(version.receivedAt)}: ${version.effect}: ${version.explanation}`;

/** One line per entry, each followed by its record's versions. */
export const describeEntries = (entries: readonly StoryEntry[]): string[] => {
  if (entries.length === 0) return ['  no entries'];
  const [header, rule, ...rows] = table(entries, [
    { header: 'completed (Beijing)', value: (e) => beijingTime(e.completedAt) },
    { header: 'platform', value: (e) => e.platform },
    { header: 'record', value: (e) => e.recordId, max: 24 },
    { header: 'course', value: (e) => `${e.courseCode} ${e.courseTitle}`, max: 30 },
    { header: 'hours', value: (e) => String(e.hours), align: 'right' },
    { header: 'state', value: (e) => e.state },
    { header: 'why', value: (e) => e.stateReason, max: 60 },
  ]);
  return [
    `  ${header ?? ''}`,
    `  ${rule ?? ''}`,
    ...rows.flatMap((row, i) => [`  ${row}`, ...(entries[i]?.versions ?? []).map(versionLine)]),
  ];
};

const describeLedgers = (lookup: PersonLookup): string[] =>
  lookup.ledgers.flatMap(({ ledger, entries, removed }) => [
    '',
    `${ledger.year}: ${ledger.totalHours} h (public ${ledger.publicHours}, professional ${ledger.professionalHours}, converted ${ledger.convertedHours}), ${ledger.compliant ? 'compliant' : `short by ${ledger.shortfall.totalHours} h`}, version ${ledger.version}`,
    ...describeEntries(entries),
    ...removed.flatMap((r) => [
      `  not counted here: ${r.platform} ${r.recordId} (${r.cause}${r.reason ? `: ${r.reason}` : ''})`,
      ...r.versions.map(versionLine),
    ]),
  ]);

const describeFailuresOf = (failures: PersonLookup['failures']): string[] =>
  failures.length === 0 ? [] : ['', `failures (${failures.length}):`, ...describeFailures(failures)];

export const personCommand = async (
  target: OpsTarget,
  args: readonly string[],
  print: Print,
  readIdCardNo: () => Promise<string>,
): Promise<number> => {
  const year = flagOf(args, 'year');
  if (year !== undefined && !/^\d{4}$/.test(year)) throw new UsageError('--year must be a year such as 2024');
  const idCardNo = (await readIdCardNo()).trim();
  if (idCardNo === '')
    throw new UsageError(
      'person reads the ID card number from standard input: echo the number | npm run ops -- person',
    );
  const { body } = await callOps<PersonLookup>(target, 'POST', '/ops/people/lookup', {
    idCardNo,
    ...(year === undefined ? {} : { year: Number(year) }),
  });
  print(
    `Person ${body.person.idCardNo} (${body.person.personRef}): ${body.ledgers.length} ledger(s), ${body.failures.length} failure(s)`,
  );
  for (const line of [...describeLedgers(body), ...describeFailuresOf(body.failures)]) print(line);
  return 0;
};

export const recordCommand = async (target: OpsTarget, args: readonly string[], print: Print): Promise<number> => {
  const [platform, recordId] = args;
  if (!platform || !recordId)
    throw new UsageError('record needs a platform and the platform’s record id: record hnu HNU-2024-0000123');
  if (!(platformCodes as readonly string[]).includes(platform))
    throw new UsageError(`the platform must be one of ${platformCodes.join(', ')}`);
  const { body } = await callOps<RecordLookup>(
    target,
    'GET',
    `/ops/records/${encodeURIComponent(platform)}/${encodeURIComponent(recordId)}`,
  );
  print(
    `Record ${body.platform} ${body.recordId}: ${body.versions.length} version(s), ${body.entries.length} ledger entr${body.entries.length === 1 ? 'y' : 'ies'}, ${body.failures.length} failure(s)`,
  );
  for (const entry of body.entries)
    print(
      `in the ledger of ${entry.ledger.idCardNo} (${entry.ledger.personRef}) for ${entry.ledger.year}: ${entry.hours} h, ${entry.state} (${entry.stateReason})`,
    );
  for (const removed of body.removed)
    print(
      `remembered, not counted, by ${removed.ledger.idCardNo} ${removed.ledger.year}: ${removed.cause}${removed.reason ? ` (${removed.reason})` : ''}`,
    );
  if (body.versions.length > 0) print('versions:');
  for (const version of body.versions) print(versionLine(version));
  for (const line of describeFailuresOf(body.failures)) print(line);
  return body.versions.length + body.failures.length === 0 ? 1 : 0;
};
