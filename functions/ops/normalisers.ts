/**
 * The platform adapters a replay runs a stored input through: the same functions the
 * webhooks and the poller call, so a replay sees today's code and rules.
 */
import { normaliseHnuEvent } from '../../shared/platforms/hnu/adapter.js';
import { normaliseJxnuRecord } from '../../shared/platforms/jxnu/adapter.js';
import { normaliseWangtiRow } from '../../shared/platforms/wangti/adapter.js';
import type { ReplayNormalisers } from '../../shared/ops/replay.js';

export const replayNormalisers: ReplayNormalisers = {
  hnu: normaliseHnuEvent,
  // The request's X-Jxnu-Timestamp, stored as an ISO string, is the record's version time.
  jxnu: (record, index, versionAt, context) => normaliseJxnuRecord(record, index, new Date(versionAt), context).result,
  wangti: (row, position, context) => normaliseWangtiRow(row, position, context).result,
};
