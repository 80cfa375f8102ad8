/** Reading every failure of a platform from the operators API (`GET /ops/failures`), page by page. */
import type { FailuresPage, FailureView } from '../shared/ops/failure-view.js';
import type { ExpectedRejection } from './expected.js';

/** What the comparison reads of a failure, as the ops API answers it. */
export type FailureSeen = Pick<FailureView, 'platform' | 'recordId' | 'reasonCode' | 'message'>;

export class OpsUnavailableError extends Error {
  override readonly name = 'OpsUnavailableError';
}

const pageLimit = 200;

export const listFailures = async (hubUrl: string, opsKey: string, platform: string): Promise<FailureSeen[]> => {
  const seen: FailureSeen[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ platform, limit: String(pageLimit), ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${hubUrl.replace(/\/+$/, '')}/ops/failures?${query.toString()}`, {
      headers: { authorization: `Bearer ${opsKey}` },
    });
    if (response.status === 404 || response.status === 503)
      throw new OpsUnavailableError(`GET /ops/failures answered ${response.status}`);
    if (response.status !== 200)
      throw new OpsUnavailableError(
        `GET /ops/failures answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
      );
    const page = (await response.json()) as FailuresPage;
    seen.push(...page.failures);
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
};

/** The expected rejections that no failure of the hub shows (by platform and record id). */
export const missingFailures = async (
  hubUrl: string,
  opsKey: string,
  rejected: readonly ExpectedRejection[],
): Promise<ExpectedRejection[]> => {
  const platforms = [...new Set(rejected.map((r) => r.platform))];
  const shown = new Set<string>();
  for (const platform of platforms)
    for (const failure of await listFailures(hubUrl, opsKey, platform))
      shown.add(`${failure.platform}#${failure.recordId}`);
  return rejected.filter((r) => !shown.has(`${r.platform}#${r.recordId}`));
};
