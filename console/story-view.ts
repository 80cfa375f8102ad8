/**
 * The lookups' answers as an operator reads them: each ledger's totals and whether they meet
 * the year's requirement, every entry with its state and why, every version of its record and
 * what it did, the records a ledger remembers but does not count, and the failures.
 */
import type { LedgerView } from '../shared/api/ledger-view.js';
import { el, type Child } from './dom.js';
import { failureCard, payloadsOpenMax } from './failure-card.js';
import type {
  ExplainedLedger,
  PersonLookup,
  RecordLookup,
  RecordVersion,
  RemovedRecord,
  StoryEntry,
} from './ops-shapes.js';

const categoryNames: Readonly<Record<string, string>> = { public: '公需 public', professional: '专业 professional' };

const versionsList = (versions: readonly RecordVersion[]): HTMLElement =>
  el(
    'ol',
    { class: 'versions' },
    ...versions.map((v) =>
      el(
        'li',
        { 'data-effect': v.effect },
        el('code', {}, v.versionAt),
        ` ${v.kind} · `,
        el('strong', {}, v.effect),
        `: ${v.explanation}`,
      ),
    ),
  );

const table = (headers: readonly string[], rows: readonly HTMLElement[]): HTMLElement =>
  el(
    'table',
    { class: 'story' },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows),
  );

const entryRow = (entry: StoryEntry): HTMLElement =>
  el(
    'tr',
    { 'data-record': entry.recordId, 'data-state': entry.state },
    el('td', {}, entry.completedAt),
    el('td', {}, entry.platform),
    el('td', {}, el('code', {}, entry.recordId)),
    el('td', {}, `${entry.courseTitle} (${entry.courseCode})`),
    el('td', {}, categoryNames[entry.category] ?? entry.category, entry.makeup ? ' · 补学 makeup' : ''),
    el('td', {}, entry.topic),
    el('td', { class: 'num' }, entry.hours),
    el('td', { class: `state-${entry.state}` }, entry.state),
    el('td', {}, entry.stateReason),
    el('td', {}, versionsList(entry.versions)),
  );

export const entriesTable = (entries: readonly StoryEntry[]): Child =>
  entries.length === 0
    ? el('p', { class: 'muted' }, 'No entries.')
    : table(
        ['completed', 'platform', 'record', 'course', 'category', 'topic', '学时', 'state', 'why', 'versions received'],
        entries.map(entryRow),
      );

const removedList = (removed: readonly RemovedRecord[]): Child =>
  removed.length > 0 &&
  el(
    'div',
    {},
    el('h5', {}, 'Remembered, not counted'),
    el(
      'ul',
      {},
      ...removed.map((r) =>
        el(
          'li',
          {},
          `${r.platform} `,
          el('code', {}, r.recordId),
          ` ${r.cause}${r.reason ? ` (${r.reason})` : ''}`,
          versionsList(r.versions),
        ),
      ),
    ),
  );

const totalsLine = (ledger: LedgerView): HTMLElement =>
  el(
    'p',
    { class: 'totals' },
    el(
      'span',
      { class: `badge status-${ledger.compliant ? 'ok' : 'attention'}` },
      ledger.compliant ? 'meets the requirement' : 'short',
    ),
    ` ${ledger.totalHours} 学时: 公需 ${ledger.publicHours}, 专业 ${ledger.professionalHours}, 折算 ${ledger.convertedHours}`,
    !ledger.compliant &&
      ` · short by ${ledger.shortfall.totalHours} (公需 ${ledger.shortfall.publicHours}, 专业 ${ledger.shortfall.professionalHours})`,
    ` · by platform: ${
      Object.entries(ledger.byPlatform)
        .map(([p, h]) => `${p} ${h}`)
        .join(', ') || '—'
    }`,
  );

const ledgerSection = (explained: ExplainedLedger): HTMLElement =>
  el(
    'section',
    { class: 'ledger', 'data-year': explained.ledger.year },
    el('h4', {}, `${explained.ledger.year}`),
    totalsLine(explained.ledger),
    entriesTable(explained.entries),
    removedList(explained.removed),
  );

const failuresSection = (title: string, failures: PersonLookup['failures']): HTMLElement =>
  el(
    'section',
    { 'data-section': 'failures' },
    el('h4', {}, `${title} (${failures.length})`),
    failures.length === 0
      ? el('p', { class: 'muted' }, 'None.')
      : failures.map((f, i) => failureCard(f, i < payloadsOpenMax)),
  );

export const personView = (lookup: PersonLookup): HTMLElement =>
  el(
    'div',
    { class: 'answer' },
    el(
      'p',
      {},
      'ID card number ',
      el('code', {}, lookup.person.idCardNo),
      ' · person ',
      el('code', {}, lookup.person.personRef),
    ),
    lookup.ledgers.length === 0
      ? el('p', { class: 'muted' }, 'The hub holds no ledger of this person.')
      : lookup.ledgers.map(ledgerSection),
    failuresSection('Failures naming this person', lookup.failures),
  );

export const recordView = (lookup: RecordLookup): HTMLElement =>
  el(
    'div',
    { class: 'answer' },
    el('h4', {}, `${lookup.platform} ${lookup.recordId}`),
    entriesTable(lookup.entries),
    removedList(lookup.removed),
    el('h5', {}, 'Versions received'),
    lookup.versions.length === 0 ? el('p', { class: 'muted' }, 'None.') : versionsList(lookup.versions),
    failuresSection('Failures of this record', lookup.failures),
  );
