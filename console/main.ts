/**
 * The operators' console (`GET /ops/console`). Asks for the ops key, keeps it for this tab,
 * then loads health, the failures summary and the lookups. A refused key (401) brings the key
 * form back.
 */
import { forgetKey, keyRefusedEvent, rememberKey, storedKey } from './api.js';
import { byId, show } from './dom.js';
import { loadFailureSummary } from './failures-panel.js';
import { loadHealth } from './health-panel.js';
import { wireLookups } from './lookups-panel.js';
import { reportError, reportOutcome } from './notices.js';

/** Health is read again this often while the tab is open. */
const healthRefreshMs = 30_000;

const signedIn = (yes: boolean): void => {
  byId('sign-in').hidden = yes;
  byId('console').hidden = !yes;
};

const askForKey = (why?: string): void => {
  forgetKey();
  signedIn(false);
  show(byId('sign-in-problem'), why ?? '');
  byId<HTMLInputElement>('ops-key').focus();
};

const load = async (what: string, work: () => Promise<void>): Promise<void> => {
  try {
    await work();
  } catch (error) {
    reportError(`Loading ${what}`, error);
  }
};

const loadAll = async (): Promise<void> => {
  signedIn(true);
  await Promise.all([
    load('health', () => loadHealth(byId('health'))),
    load('failures', () => loadFailureSummary(byId('failures'))),
  ]);
};

const wire = (): void => {
  byId<HTMLFormElement>('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    const field = byId<HTMLInputElement>('ops-key');
    const key = field.value.trim();
    field.value = '';
    if (key === '') return;
    rememberKey(key);
    show(byId('sign-in-problem'));
    reportOutcome('Signed in for this tab.');
    void loadAll();
  });
  byId('sign-out').addEventListener('click', () => askForKey());
  document.addEventListener(keyRefusedEvent, () => askForKey('the hub refused this ops key; enter it again'));
  byId('refresh').addEventListener('click', () => void loadAll());
  wireLookups();
  setInterval(() => {
    if (storedKey() !== null && document.visibilityState === 'visible')
      void load('health', () => loadHealth(byId('health')));
  }, healthRefreshMs);
};

wire();
if (storedKey() === null) askForKey();
else void loadAll();
