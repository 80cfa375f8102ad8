/**
 * One failure as an operator reads it: what, when, the message naming the field, the payload
 * as received (masked by the hub), its replays, and a button that replays it alone.
 */
import type { FailureView } from '../shared/ops/failure-view.js';
import { callHub } from './api.js';
import { dataView } from './data-view.js';
import { beijingTime, el } from './dom.js';
import { reportError, reportOutcome } from './notices.js';
import type { ReplayAnswer } from './ops-shapes.js';

/** Payloads shown open at first; the rest open on a click, so an incident's list stays short. */
export const payloadsOpenMax = 2;

const replayOne = async (card: HTMLElement, failure: FailureView): Promise<void> => {
  try {
    // The answer is what the replay did and the failure as it now is (ReplayOutcome in the ops document).
    const { replay, failure: now } = await callHub<ReplayAnswer>(`failures/${encodeURIComponent(failure.id)}/replay`, {
      method: 'POST',
    });
    reportOutcome(`Failure ${failure.id} replayed: ${replay.outcome}, ${replay.message}.`);
    card.replaceWith(failureCard(now));
  } catch (error) {
    reportError(`Replay of ${failure.id}`, error);
  }
};

const payloadOf = (failure: FailureView, open: boolean): HTMLElement => {
  if (failure.input === null)
    return el('p', { class: 'bad' }, `payload not shown: ${failure.inputProblem ?? 'unreadable'}`);
  return el(
    'details',
    { class: 'payload', open },
    el('summary', {}, `payload as received (${failure.input.kind}, masked)`),
    dataView(failure.input.payload),
  );
};

/** One failure: what, when, the message naming the field, the masked payload, its replays. */
export const failureCard = (failure: FailureView, payloadOpen = true): HTMLElement => {
  const replay = el('button', { type: 'button', 'data-action': 'replay-one' }, 'Replay');
  const card = el(
    'article',
    { class: `failure ${failure.status}`, 'data-failure': failure.id },
    el(
      'header',
      {},
      el('strong', {}, failure.recordId ?? failure.correlationId ?? failure.id),
      ` ${failure.platform} · ${failure.stage} · ${failure.reasonCode} · ${beijingTime(failure.failedAt)} · `,
      el('span', { class: `badge status-${failure.status === 'open' ? 'attention' : 'ok'}` }, failure.status),
      ' ',
      replay,
    ),
    el('p', { class: 'message' }, failure.message),
    payloadOf(failure, payloadOpen),
    failure.replays.length > 0 &&
      el(
        'ol',
        { class: 'replays' },
        ...failure.replays.map((r) => el('li', {}, `${beijingTime(r.at)}: ${r.outcome}, ${r.message}`)),
      ),
  );
  replay.addEventListener('click', () => void replayOne(card, failure));
  return card;
};
