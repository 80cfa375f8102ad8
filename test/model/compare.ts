/**
 * The hub's answers, ledgers, transcripts and failures against the model, as a list of
 * discrepancies naming the case, the person (last 4 characters), the year and the record.
 */
import type { JxnuDelivery, RenderedCase } from './deliveries.js';
import type { Judgement } from './spec/judge.js';
import { requirementHundredths } from './spec/topics.js';
import type { HubLedger, HubLedgerQuery, HubTranscriptEntry, HubTranscriptPage } from './wire/hub-answers.js';
import type { ModelEntry, ModelLedger, ModelOutcome } from './spec/ledgers.js';
import {
  failuresSince,
  portalGet,
  portalPost,
  type Answer,
  type HubAccess,
  type HubFailure,
} from './wire/hub-client.js';

export const comparedYears = [2024, 2025, 2026] as const;
const queryPeopleMax = 100;

export interface Discrepancy {
  readonly caseNo: number;
  readonly what: string;
}

export interface CaseRun {
  readonly rendered: RenderedCase;
  readonly model: ModelOutcome;
  /** The hub's answer to each delivery (null for wangti pages, which are polled). */
  readonly answers: readonly (Answer | null)[];
}

const last4 = (idCardNo: string) => `…${idCardNo.slice(-4)}`;
const hundredths = (hours: unknown): number => Math.round(Number(hours ?? 0) * 100);
/** Sums in hundredths without the zero ones, keys sorted; `fromHours` for the hub's 学时. */
const withoutZeros = (
  sums: Readonly<Record<string, unknown>> | undefined,
  fromHours: boolean,
): Record<string, number> =>
  Object.fromEntries(
    Object.entries(sums ?? {})
      .map(([k, v]) => [k, fromHours ? hundredths(v) : Number(v)] as const)
      .filter(([, v]) => v !== 0)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
const shownHours = (sums: Record<string, number>) =>
  JSON.stringify(Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / 100])));
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A jxnu batch's answer: each record accepted or rejected as the model judged, a rejection naming a field it names. */
const compareJxnuResults = (delivery: JxnuDelivery, judgements: readonly Judgement[], answer: Answer): string[] => {
  const found: string[] = [];
  for (const [index, judgement] of judgements.entries()) {
    const result = answer.body?.results?.[index];
    const wanted = judgement.ok ? 'accepted' : 'rejected';
    if (result?.status !== wanted)
      found.push(
        `jxnu batch ${delivery.body.batch_no} record ${index}: model ${wanted}${judgement.ok ? '' : ` (${judgement.fields.join(', ')})`}, hub ${JSON.stringify(result)}`,
      );
    else if (!judgement.ok && !judgement.fields.some((field) => String(result.error).includes(field)))
      found.push(
        `jxnu batch ${delivery.body.batch_no} record ${index}: hub's error "${result.error}" names none of ${judgement.fields.join(', ')}`,
      );
  }
  return found;
};

/** Webhook answers: every delivery 2xx; jxnu per record accepted or rejected as the model judged. */
export const compareAnswers = (run: CaseRun): string[] => {
  const found: string[] = [];
  for (const [i, delivery] of run.rendered.deliveries.entries()) {
    const answer = run.answers[i];
    if (!answer) continue;
    if (delivery.platform === 'portal') {
      const wanted = run.model.portalAnswers[i];
      const taken = answer.status >= 200 && answer.status <= 299;
      if ((wanted === 'taken' && !taken) || (wanted === 'conflict' && answer.status !== 409))
        found.push(
          `portal ${delivery.action} ${delivery.adjustmentId}: model ${wanted}, hub answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
        );
    } else if (answer.status < 200 || answer.status > 299)
      found.push(
        `${delivery.platform} delivery ${i} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
      );
    else if (delivery.platform === 'jxnu')
      found.push(...compareJxnuResults(delivery, run.model.perDelivery[i]!, answer));
  }
  return found;
};

/** Failures: each rejected version kept, naming a field the model names; nothing else of the case. */
export const compareFailures = (run: CaseRun, failures: readonly HubFailure[]): string[] => {
  const found: string[] = [];
  const rejected = run.model.judgements.filter((j): j is Extract<Judgement, { ok: false }> => !j.ok);
  const mine = failures.filter((f) => f.recordId?.includes(`-M${run.rendered.caseNo}-`));
  for (const judgement of rejected) {
    const kept = mine.filter((f) => f.platform === judgement.platform && f.recordId === judgement.recordId);
    if (kept.length === 0)
      found.push(
        `${judgement.platform} ${judgement.recordId}: model rejects (${judgement.fields.join(', ')}), hub kept no failure`,
      );
    else if (!kept.some((f) => judgement.fields.some((field) => f.message.includes(field))))
      found.push(
        `${judgement.platform} ${judgement.recordId}: model rejects (${judgement.fields.join(', ')}), hub's failures say ${kept.map((f) => `"${f.message}"`).join('; ')}`,
      );
  }
  for (const failure of mine) {
    if (!rejected.some((j) => j.platform === failure.platform && j.recordId === failure.recordId))
      found.push(
        `${failure.platform} ${failure.recordId}: hub kept a failure "${failure.message}", the model rejects no version of it`,
      );
  }
  return found;
};

const compareLedger = (model: ModelLedger, hub: HubLedger): string[] => {
  const where = `ledger ${last4(model.idCardNo)}/${model.year}`;
  const found: string[] = [];
  const pairs: [string, number, number][] = [
    ['publicHours', model.publicHundredths, hundredths(hub.publicHours)],
    ['professionalHours', model.professionalHundredths, hundredths(hub.professionalHours)],
    ['totalHours', model.publicHundredths + model.professionalHundredths, hundredths(hub.totalHours)],
    ['convertedHours', model.convertedHundredths, hundredths(hub.convertedHours)],
    ['entries', model.counted, Number(hub.entries)],
  ];
  const total = model.publicHundredths + model.professionalHundredths;
  const short = (need: number, have: number) => Math.max(0, need - have);
  pairs.push(
    [
      'shortfall.publicHours',
      short(requirementHundredths.public, model.publicHundredths),
      hundredths(hub.shortfall?.publicHours),
    ],
    [
      'shortfall.professionalHours',
      short(requirementHundredths.professional, model.professionalHundredths),
      hundredths(hub.shortfall?.professionalHours),
    ],
    ['shortfall.totalHours', short(requirementHundredths.total, total), hundredths(hub.shortfall?.totalHours)],
  );
  const compliant =
    model.publicHundredths >= requirementHundredths.public &&
    model.professionalHundredths >= requirementHundredths.professional &&
    total >= requirementHundredths.total;
  if (hub.compliant !== compliant) found.push(`${where} compliant: model ${compliant}, hub ${hub.compliant}`);
  for (const [field, want, got] of pairs)
    if (want !== got)
      found.push(
        `${where} ${field}: model ${field === 'entries' ? want : want / 100}, hub ${field === 'entries' ? got : got / 100}`,
      );
  for (const field of ['byPlatform', 'byTopic'] as const) {
    const want = withoutZeros(model[field], false);
    const got = withoutZeros(hub[field], true);
    if (!sameJson(want, got)) found.push(`${where} ${field}: model ${shownHours(want)}, hub ${shownHours(got)}`);
  }
  return found;
};

const compareEntry = (where: string, model: ModelEntry, hub: HubTranscriptEntry | undefined): string[] => {
  const key = `${model.platform} ${model.recordId}`;
  if (model.state === 'revoked')
    return hub && hub.state !== 'revoked' ? [`${where} ${key}: model revoked, hub ${hub.state}`] : [];
  if (!hub) return [`${where} ${key}: model ${model.state}, hub has no entry`];
  const c = model.completion!;
  const found: string[] = [];
  const wantState = model.state === 'zero-hours' ? undefined : model.state;
  if (wantState && hub.state !== wantState)
    found.push(`${where} ${key}: state model ${wantState}, hub ${hub.state} (${hub.stateReason})`);
  if (model.state === 'zero-hours' && hub.state === 'repeat')
    found.push(`${where} ${key}: a 0-学时 entry, hub says repeat (${hub.stateReason})`);
  if (hundredths(hub.hours) !== c.hundredths)
    found.push(`${where} ${key}: hours model ${c.hundredths / 100}, hub ${hub.hours}`);
  if (hub.makeup !== c.makeup) found.push(`${where} ${key}: makeup model ${c.makeup}, hub ${hub.makeup}`);
  if (hub.category !== c.category) found.push(`${where} ${key}: category model ${c.category}, hub ${hub.category}`);
  if (hub.creditYear !== c.creditYear)
    found.push(`${where} ${key}: creditYear model ${c.creditYear}, hub ${hub.creditYear}`);
  if (Date.parse(hub.completedAt) !== c.completedAtMs)
    found.push(`${where} ${key}: completedAt model ${new Date(c.completedAtMs).toISOString()}, hub ${hub.completedAt}`);
  if (model.platform === 'portal') return found;
  if (hub.topicMatched !== c.topicKey)
    found.push(`${where} ${key}: topicMatched model ${c.topicKey}, hub ${hub.topicMatched} (sent "${hub.topic}")`);
  if (hub.courseCode !== c.courseCode)
    found.push(`${where} ${key}: courseCode model ${c.courseCode}, hub ${hub.courseCode}`);
  return found;
};

const compareTranscript = (
  ledger: ModelLedger,
  hubEntries: readonly HubTranscriptEntry[],
  records: ReadonlyMap<string, ModelEntry>,
): string[] => {
  const where = `transcript ${last4(ledger.idCardNo)}/${ledger.year}`;
  const found: string[] = [];
  const hubByKey = new Map(hubEntries.map((e) => [`${e.platform}#${e.recordId}`, e]));
  for (const entry of ledger.entries)
    found.push(...compareEntry(where, entry, hubByKey.get(`${entry.platform}#${entry.recordId}`)));
  for (const [key, hub] of hubByKey) {
    const model = records.get(key);
    const here = ledger.entries.some((e) => `${e.platform}#${e.recordId}` === key);
    if (!here && !(model?.state === 'revoked' && hub.state === 'revoked'))
      found.push(
        `${where} ${hub.platform} ${hub.recordId}: hub has it ${hub.state} (${hub.hours} 学时), the model has it ${model ? `${model.state} in ${model.completion ? `${last4(model.completion.idCardNo)}/${model.completion.creditYear}` : 'no ledger'}` : 'nowhere'}`,
      );
  }
  return found;
};

const transcriptOf = async (
  hub: HubAccess,
  year: number,
  personRef: string,
): Promise<readonly HubTranscriptEntry[]> => {
  const answer = await portalGet(hub, `/v1/ledgers/${year}/people/${encodeURIComponent(personRef)}/entries?limit=500`);
  if (answer.status !== 200) throw new Error(`transcript answered ${answer.status}`);
  return (answer.body as HubTranscriptPage).entries;
};

/** Withdrawn records are recorded (rules.md): each the model knows the person of shows as revoked in one of the case's transcripts. */
const compareWithdrawn = (runs: readonly CaseRun[], shownRevoked: ReadonlySet<string>): Discrepancy[] =>
  runs.flatMap((run) =>
    [...run.model.records.values()]
      .filter(
        (e) =>
          e.state === 'revoked' &&
          e.completion &&
          (comparedYears as readonly number[]).includes(e.completion.creditYear) &&
          !shownRevoked.has(`${e.platform}#${e.recordId}`),
      )
      .map((e) => ({
        caseNo: run.rendered.caseNo,
        what: `${e.platform} ${e.recordId}: withdrawn, the model has it in ${last4(e.completion!.idCardNo)}/${e.completion!.creditYear}, no transcript of the case shows it revoked`,
      })),
  );

/** Ledgers and transcripts of every person of the runs in every compared year. */
export const compareLedgers = async (hub: HubAccess, runs: readonly CaseRun[]): Promise<Discrepancy[]> => {
  const found: Discrepancy[] = [];
  const shownRevoked = new Set<string>();
  const owners = new Map(runs.flatMap((run) => run.rendered.people.map((id) => [id, run] as const)));
  const ids = [...owners.keys()];
  for (const year of comparedYears) {
    for (let start = 0; start < ids.length; start += queryPeopleMax) {
      const answer = await portalPost(hub, '/v1/ledgers/query', {
        year,
        idCardNos: ids.slice(start, start + queryPeopleMax),
      });
      if (answer.status !== 200)
        throw new Error(`ledgers/query answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      await Promise.all(
        (answer.body as HubLedgerQuery).ledgers.map(async (hubLedger) => {
          const run = owners.get(hubLedger.idCardNo);
          if (!run)
            return void found.push({
              caseNo: -1,
              what: `ledgers/query answered a person not asked for (${last4(String(hubLedger.idCardNo))})`,
            });
          const model = run.model.ledgerOf(hubLedger.idCardNo, year);
          const what = compareLedger(model, hubLedger);
          if (model.entries.length > 0 || hubLedger.version > 0) {
            const entries = await transcriptOf(hub, year, hubLedger.personRef);
            for (const e of entries) if (e.state === 'revoked') shownRevoked.add(`${e.platform}#${e.recordId}`);
            what.push(...compareTranscript(model, entries, run.model.records));
          }
          found.push(...what.map((w) => ({ caseNo: run.rendered.caseNo, what: w })));
        }),
      );
    }
  }
  return [...found, ...compareWithdrawn(runs, shownRevoked)];
};

/** Everything of a group of runs: answers, failures since the group began, ledgers. */
export const compareGroup = async (
  hub: HubAccess,
  runs: readonly CaseRun[],
  sinceIso: string,
): Promise<Discrepancy[]> => {
  const failures = (
    await Promise.all(['hnu', 'jxnu', 'wangti'].map((platform) => failuresSince(hub, platform, sinceIso)))
  ).flat();
  const found: Discrepancy[] = runs.flatMap((run) =>
    [...compareAnswers(run), ...compareFailures(run, failures)].map((what) => ({ caseNo: run.rendered.caseNo, what })),
  );
  found.push(...(await compareLedgers(hub, runs)));
  return found;
};

/** A discrepancy without its case's numbers: the same kind of difference has the same signature. */
export const signatureOf = (what: string): string =>
  what
    .replace(/[A-Z]+-M\d+-\d+/g, 'REC')
    .replace(/M\d+-\d+/g, 'BATCH')
    .replace(/…[0-9X]{4}/g, '…')
    .replace(/\{[^}]*\}/g, '{…}')
    .replace(/-?\d+(\.\d+)?/g, 'N');
