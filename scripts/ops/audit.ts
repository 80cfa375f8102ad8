/**
 * `npm run ops -- audit --year Y`: reads `GET /ops/audit` page after page and prints one line
 * per ledger whose totals or states differ from its entries, then the count. Exit code 1 when
 * any differs, so a scheduled job or CI can act on it.
 */
import { auditPageSchema, describeAudit, type AuditFindingView } from '../../shared/ledger/audit-report.js';

export interface AuditRun {
  readonly year: number;
  readonly checked: number;
  readonly findings: readonly AuditFindingView[];
  readonly pages: number;
}

export class AuditRequestError extends Error {
  override readonly name = 'AuditRequestError';
}

/** Pages through the hub's audit of a year. */
export const runAudit = async (options: {
  baseUrl: string;
  key: string;
  year: number;
  limit?: number;
}): Promise<AuditRun> => {
  let cursor: string | null = null;
  let checked = 0;
  let pages = 0;
  const findings: AuditFindingView[] = [];
  do {
    const query = new URLSearchParams({
      year: String(options.year),
      ...(options.limit ? { limit: String(options.limit) } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const response = await fetch(`${options.baseUrl.replace(/\/$/, '')}/ops/audit?${query.toString()}`, {
      headers: { authorization: `Bearer ${options.key}` },
    });
    const text = await response.text();
    if (!response.ok) throw new AuditRequestError(`GET /ops/audit answered ${response.status}: ${text.slice(0, 500)}`);
    const page = auditPageSchema.parse(JSON.parse(text));
    checked += page.checked;
    findings.push(...page.findings);
    pages += 1;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { year: options.year, checked, findings, pages };
};

/** The `audit` subcommand: prints the findings and answers the exit code. */
export const auditCommand = async (options: {
  baseUrl: string;
  key: string;
  year: number;
  print?: (line: string) => void;
}): Promise<number> => {
  const print = options.print ?? ((line: string) => console.log(line));
  const run = await runAudit(options);
  for (const line of describeAudit(run.year, run.checked, run.findings)) print(line);
  return run.findings.length === 0 ? 0 : 1;
};

/** `--year 2024` from the subcommand's arguments, or a message naming the flag. */
export const auditYearOf = (args: readonly string[]): number => {
  const at = args.indexOf('--year');
  const value = at >= 0 ? args[at + 1] : undefined;
  const year = Number(value);
  if (value === undefined || !Number.isInteger(year) || year < 2000 || year > 2100)
    throw new AuditRequestError('audit: --year YYYY is required (e.g. --year 2024)');
  return year;
};
