/**
 * The platform adapters a replay runs a stored input through: the same functions the
 * webhooks and the poller call, so a replay sees today's code and rules.
 */
import { normaliseHnuEvent } from '../../shared/platforms/hnu/adapter.js';
import type { ReplayNormalisers } from '../../shared/ops/replay.js';

export const replayNormalisers: ReplayNormalisers = {
  hnu: normaliseHnuEvent,
};
