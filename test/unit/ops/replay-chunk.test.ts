/**
 * One chunk of a bulk replay (shared/ops/replay-chunk.ts) on the ledger's in-memory stores and
 * the real processVersions: what it credits, what it counts as still failing, and that neither a
 * chunk delivered twice nor a chunk retried after a failed write credits anything twice or less.
 */
import { describe, expect, it } from 'vitest';
import type { ReplayInput } from '../../../shared/failures.js';
import { processVersions } from '../../../shared/ledger/process-versions.js';
import type { Ledger } from '../../../shared/ledger/ledger.js';
import { openInput } from '../../../shared/ops/failure-view.js';
import type { StoredFailure } from '../../../shared/ops/stored-failure.js';
import type { FailureChange } from '../../../shared/ops/replay.js';
import { runReplayChunk, ReplayChunkError, type ReplayChunkPorts } from '../../../shared/ops/replay-chunk.js';
import type { ChunkTally, ReplayChunkMessage } from '../../../shared/ops/replay-job.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { completionOf, idCardNoOf, personOf, testCrypto } from '../../support/completions.js';
import { MemoryIndex, MemoryLedgers } from '../../support/memory-ports.js';

const failureOf = (failureId: string, input: ReplayInput): StoredFailure => ({
  failureId,
  platform: 'hnu',
  stage: 'consumer',
  reasonCode: 'processing-error',
  message: 'the ledger write failed',
  failedAt: '2026-11-30T00:00:00.000Z',
  failedAtId: `2026-11-30T00:00:00.000Z#${failureId}`,
  status: 'open',
  replays: [],
  inputEnc: testCrypto.encrypt(JSON.stringify(input)),
});

const messageFailure = (failureId: string, person: number) =>
  failureOf(failureId, {
    kind: 'queue-message',
    body: JSON.stringify({
      kind: 'completion-versions',
      versions: [completionOf({ recordId: `R-${failureId}`, person: personOf(idCardNoOf(person)) })],
    }),
  });

/**
 * Ledgers whose next write of one person's ledger throws (a DynamoDB outage), or lands and then
 * answers as if it had not (an acknowledgement lost: the writer re-reads and finds its own write).
 */
class FlakyLedgers extends MemoryLedgers {
  failNextWriteOf: string | undefined;
  loseNextAckOf: string | undefined;
  override async writeIfVersion(ledger: Ledger, expectedVersion: number): Promise<'written' | 'conflict'> {
    if (ledger.personKey === this.failNextWriteOf) {
      this.failNextWriteOf = undefined;
      throw new Error('the table did not answer');
    }
    const verdict = await super.writeIfVersion(ledger, expectedVersion);
    if (verdict === 'written' && ledger.personKey === this.loseNextAckOf) {
      this.loseNextAckOf = undefined;
      return 'conflict';
    }
    return verdict;
  }
}

const harness = (failures: readonly StoredFailure[]) => {
  const ledgers = new FlakyLedgers();
  const index = new MemoryIndex();
  const counted = new Set<number>();
  const tallies: ChunkTally[] = [];
  const kept = new Set<string>();
  const recorded: Array<{ failureId: string; change: FailureChange }> = [];
  const ports = (chunk: number): ReplayChunkPorts => ({
    normalisers: {},
    contextFor: (receivedAt, correlationId) => ({
      receivedAt,
      now: new Date(),
      correlationId,
      crypto: testCrypto,
      rules: defaultRuleBook,
    }),
    loadFailures: async (ids) => failures.filter((f) => ids.includes(f.failureId)),
    openInput: (inputEnc) => openInput(inputEnc, testCrypto.decrypt),
    readLedgers: (addresses) => ledgers.getMany(addresses),
    applyVersions: (incoming) => processVersions(incoming, { ledgers, index, rules: defaultRuleBook }),
    recordReplay: async (failureId, change) => {
      recorded.push({ failureId, change });
    },
    addTally: async (tally) => {
      if (counted.has(chunk)) return false;
      counted.add(chunk);
      tallies.push(tally);
      return true;
    },
    earlierCredits: async () => new Set(kept),
    keepCredits: async (ids) => {
      for (const id of ids) kept.add(id);
    },
    clock: () => new Date('2026-12-01T00:00:00Z'),
  });
  return { ledgers, tallies, recorded, ports };
};

const chunkOf = (ids: string[]): ReplayChunkMessage => ({
  kind: 'replay-chunk',
  jobId: 'j_0000000000deadbeef',
  chunk: 0,
  failureIds: ids,
});

describe('a bulk replay chunk', () => {
  it('credits each new version once, and a chunk delivered twice is counted once', async () => {
    const failures = [messageFailure('f_a', 1), messageFailure('f_b', 2)];
    const { ports, tallies, recorded } = harness(failures);
    expect(await runReplayChunk(chunkOf(['f_a', 'f_b']), true, ports(0))).toEqual({
      tally: { replayed: 2, credited: 2, stillFailing: 0 },
      counted: true,
    });
    expect(recorded.map((r) => r.change.status)).toEqual(['replayed', 'replayed']);
    expect(recorded[0]?.change.replay.message).toMatch(/replayed by job j_0000000000deadbeef: credited/);
    const again = await runReplayChunk(chunkOf(['f_a', 'f_b']), false, ports(0));
    expect(again).toEqual({ tally: { replayed: 2, credited: 0, stillFailing: 0 }, counted: false });
    expect(tallies).toHaveLength(1);
  });

  it('still credits, on its retry, what an attempt credited before a write failed', async () => {
    const failures = [messageFailure('f_a', 3), messageFailure('f_b', 4)];
    const { ports, ledgers, recorded } = harness(failures);
    ledgers.failNextWriteOf = personOf(idCardNoOf(4)).personKey;
    await expect(runReplayChunk(chunkOf(['f_a', 'f_b']), true, ports(0))).rejects.toThrow(ReplayChunkError);
    expect(recorded).toEqual([]);
    expect(await runReplayChunk(chunkOf(['f_a', 'f_b']), false, ports(0))).toEqual({
      tally: { replayed: 2, credited: 2, stillFailing: 0 },
      counted: true,
    });
  });

  it('credits a version whose write landed though its acknowledgement was lost', async () => {
    const failures = [messageFailure('f_a', 6), messageFailure('f_b', 7)];
    const { ports, ledgers } = harness(failures);
    ledgers.loseNextAckOf = personOf(idCardNoOf(7)).personKey;
    expect((await runReplayChunk(chunkOf(['f_a', 'f_b']), true, ports(0))).tally).toEqual({
      replayed: 2,
      credited: 2,
      stillFailing: 0,
    });
  });

  it('counts as still failing what is rejected again, what kept no input, what does not open and what is gone', async () => {
    const failures = [
      failureOf('f_bad', { kind: 'queue-message', body: '{"kind":"completion-versions","versions":[]}' }),
      failureOf('f_none', { kind: 'none', payload: { truncated: true } }),
      { ...messageFailure('f_sealed', 5), inputEnc: 'v1.not.sealed' },
    ];
    const { ports, recorded } = harness(failures);
    const { tally } = await runReplayChunk(chunkOf(['f_bad', 'f_none', 'f_sealed', 'f_gone']), true, ports(0));
    expect(tally).toEqual({ replayed: 4, credited: 0, stillFailing: 4 });
    expect(recorded.map((r) => [r.failureId, r.change.status])).toEqual([
      ['f_bad', 'open'],
      ['f_none', 'open'],
      ['f_sealed', 'open'],
    ]);
    expect(recorded[0]?.change.message).toMatch(/^message\.versions: /);
    expect(recorded[1]?.change.message).toMatch(/^not replayable: /);
  });
});
