/** One line at the top of the page saying what the last action did or why it failed. */
import { HubError, isUnauthorized } from './api.js';
import { byId, show } from './dom.js';

const area = (): HTMLElement => byId('notice');

export const reportOutcome = (text: string): void => {
  area().className = 'notice ok';
  show(area(), text);
};

export const reportError = (what: string, error: unknown): void => {
  // A refused key is not this action's failure: the key form comes back and says so (api.ts).
  if (isUnauthorized(error)) return;
  area().className = 'notice bad';
  const message =
    error instanceof HubError
      ? `${error.message} (${error.code})`
      : error instanceof Error
        ? error.message
        : String(error);
  show(area(), `${what} failed: ${message}`);
};
