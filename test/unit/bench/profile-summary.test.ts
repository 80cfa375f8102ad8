import { describe, expect, it } from 'vitest';
import { summariseProfile, type CpuProfile } from '../../../scripts/bench/profile-summary.js';

const root = '/repo';

/** A profile from a list of frames (id, parent, function, url) and the microseconds spent with each as the leaf. */
const profileOf = (
  frames: ReadonlyArray<readonly [id: number, parent: number | undefined, functionName: string, url: string]>,
  spent: ReadonlyArray<readonly [id: number, micros: number]>,
): CpuProfile => ({
  nodes: frames.map(([id, , functionName, url]) => ({
    id,
    callFrame: { functionName, url },
    children: frames.filter(([, parent]) => parent === id).map(([child]) => child),
  })),
  samples: spent.map(([id]) => id),
  timeDeltas: spent.map(([, micros]) => micros),
});

const frames = [
  [1, undefined, '(root)', ''],
  [2, 1, 'send', `file://${root}/node_modules/@smithy/core/dist-cjs/index.js`],
  [3, 2, 'write', 'node:_http_client'],
  [4, 1, 'writeIfVersion', `file://${root}/aws/ledger-store.ts`],
  [5, 4, 'parse', `file://${root}/node_modules/zod/v4/core/schemas.js`],
  [6, 1, 'writev', ''],
  [7, 1, '(idle)', ''],
  [8, 1, '(garbage collector)', ''],
  [9, 4, 'deflate', 'node:zlib'],
] as const;

describe('the hub profile summary', () => {
  it("counts Node's work for a call to the nearest package or hub file above it, and leaves idle time out", () => {
    const shares = summariseProfile(
      profileOf(frames, [
        [3, 400], // the SDK's HTTP write: the SDK's
        [2, 100],
        [9, 200], // zlib under the ledger store: the store's
        [5, 100], // zod under the ledger store: zod's
        [6, 100], // a socket write with no frame above it
        [8, 100],
        [7, 5000],
      ]),
      root,
    );
    expect(shares).toEqual([
      { owner: 'AWS SDK', share: 0.5 },
      { owner: 'hub: aws/ledger-store.ts', share: 0.2 },
      { owner: 'garbage collection', share: 0.1 },
      { owner: 'Node, unattributed', share: 0.1 },
      { owner: 'zod', share: 0.1 },
    ]);
  });

  it('answers no shares for a profile that was idle throughout or has no samples', () => {
    expect(summariseProfile(profileOf(frames, [[7, 1000]]), root)).toEqual([]);
    expect(summariseProfile(profileOf(frames, []), root)).toEqual([]);
  });

  it('groups every @aws-sdk and @smithy package as the AWS SDK, and names other packages by their scope', () => {
    const sdkFrames = [
      [1, undefined, '(root)', ''],
      [2, 1, 'marshall', `file://${root}/node_modules/@aws-sdk/util-dynamodb/dist-cjs/index.js`],
      [3, 1, 'log', `file://${root}/node_modules/@aws-lambda-powertools/logger/lib/index.js`],
    ] as const;
    const shares = summariseProfile(
      profileOf(sdkFrames, [
        [2, 300],
        [3, 100],
      ]),
      root,
    );
    expect(shares.map((s) => s.owner)).toEqual(['AWS SDK', '@aws-lambda-powertools/logger']);
  });
});
