/**
 * Reading the hub's ledgers through the portal API (`POST /v1/ledgers/query`, up to 100 people
 * a call) and comparing them with the oracle's (sim/expected.ts), figure by figure. The ledgers
 * are read as the portal's contract types them (shared/api/ledger-view.ts).
 */
import type { LedgerView } from '../shared/api/ledger-view.js';
import { idCardNosPerQueryMax, type LedgerQueryResponse } from '../shared/api/portal-schemas.js';
import type { Expectation, ExpectedLedger } from './expected.js';

export class HubReadError extends Error {
  override readonly name = 'HubReadError';
}

export const queryLedgers = async (
  hubUrl: string,
  portalKey: string,
  year: number,
  idCardNos: readonly string[],
): Promise<LedgerView[]> => {
  const ledgers: LedgerView[] = [];
  for (let i = 0; i < idCardNos.length; i += idCardNosPerQueryMax) {
    const response = await fetch(`${hubUrl.replace(/\/+$/, '')}/v1/ledgers/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${portalKey}` },
      body: JSON.stringify({ year, idCardNos: idCardNos.slice(i, i + idCardNosPerQueryMax) }),
    });
    const text = await response.text();
    if (response.status !== 200)
      throw new HubReadError(`POST /v1/ledgers/query answered ${response.status}: ${text.slice(0, 300)}`);
    ledgers.push(...(JSON.parse(text) as LedgerQueryResponse).ledgers);
  }
  return ledgers;
};

export interface LedgerDifference {
  /** The person by the last 4 characters of the ID card number only. */
  readonly who: string;
  readonly year: number;
  readonly what: string;
}

const hundredthsOf = (hours: number): number => Math.round(hours * 100);

/** Every figure the oracle knows, against the hub's ledger of the same person and year. */
export const differencesOf = (expected: ExpectedLedger, actual: LedgerView): string[] => {
  const found: string[] = [];
  const check = (name: string, want: unknown, got: unknown) => {
    if (want !== got) found.push(`${name}: expected ${String(want)}, the hub has ${String(got)}`);
  };
  check('public hundredths', expected.publicHundredths, hundredthsOf(actual.publicHours));
  check('professional hundredths', expected.professionalHundredths, hundredthsOf(actual.professionalHours));
  check('total hundredths', expected.totalHundredths, hundredthsOf(actual.totalHours - actual.convertedHours));
  check('compliant', expected.compliant, actual.compliant);
  check('counted entries', expected.entries, actual.entries);
  const platforms = new Set([...Object.keys(expected.byPlatform), ...Object.keys(actual.byPlatform)]);
  for (const platform of platforms)
    check(`${platform} hundredths`, expected.byPlatform[platform] ?? 0, hundredthsOf(actual.byPlatform[platform] ?? 0));
  return found;
};

/** Compares every person's ledger of each year with the oracle's; answers the differences (none: all equal). */
export const compareWithHub = async (options: {
  hubUrl: string;
  portalKey: string;
  expectation: Expectation;
  idCardNos: readonly string[];
  years: readonly number[];
}): Promise<{ compared: number; differences: LedgerDifference[]; ledgers: LedgerView[] }> => {
  const differences: LedgerDifference[] = [];
  const all: LedgerView[] = [];
  for (const year of options.years) {
    const ledgers = await queryLedgers(options.hubUrl, options.portalKey, year, options.idCardNos);
    all.push(...ledgers);
    for (const ledger of ledgers) {
      for (const what of differencesOf(options.expectation.ledgerOf(ledger.idCardNo, year), ledger))
        differences.push({ who: `****${ledger.idCardNo.slice(-4)}`, year, what });
    }
  }
  return { compared: all.length, differences, ledgers: all };
};
