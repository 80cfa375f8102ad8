/**
 * Where the hub process's CPU went, from a V8 CPU profile (`npm run bench -- --profile`): each
 * sample goes to the nearest frame up its stack that belongs to a package or to the hub's own
 * code, so the HTTP, stream and crypto work Node does for an AWS SDK call counts for the SDK, and
 * the zod work of a hub schema for zod. Samples with no such frame (socket writes flushed by the
 * event loop, microtask runs) are "Node, unattributed"; idle time is left out.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSdkPackage, packageOf } from './packages.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileShare {
  readonly owner: string;
  /** Share of the busy (not idle) time, 0..1. */
  readonly share: number;
}

const sharesShownMax = 14;

/** The package a script belongs to, or the hub folder (two levels) under `root`; undefined for Node's own. */
const ownerOfUrl = (url: string, root: string): string | undefined => {
  const inPackage = packageOf(url);
  if (inPackage !== undefined) return isSdkPackage(inPackage) ? 'AWS SDK' : inPackage;
  const path = url.replace(/^file:\/\//, '');
  if (!path.startsWith(`${root}/`)) return undefined;
  return `hub: ${path
    .slice(root.length + 1)
    .split('/')
    .slice(0, 2)
    .join('/')}`;
};

const specialOwners: Record<string, string> = {
  '(idle)': '(idle)',
  '(garbage collector)': 'garbage collection',
  '(program)': 'V8 (program)',
};

export const summariseProfile = (profile: CpuProfile, root: string): ProfileShare[] => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const ownerOfNode = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = ownerOfNode.get(id);
    if (known !== undefined) return known;
    const leaf = byId.get(id);
    let owner = leaf ? specialOwners[leaf.callFrame.functionName] : undefined;
    for (let at: number | undefined = id; owner === undefined && at !== undefined; at = parentOf.get(at))
      owner = ownerOfUrl(byId.get(at)?.callFrame.url ?? '', root);
    owner ??= 'Node, unattributed';
    ownerOfNode.set(id, owner);
    return owner;
  };
  const micros = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const owner = ownerOf(id);
    micros.set(owner, (micros.get(owner) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  micros.delete('(idle)');
  const busy = [...micros.values()].reduce((sum, us) => sum + us, 0);
  if (busy === 0) return [];
  return [...micros]
    .map(([owner, us]) => ({ owner, share: us / busy }))
    .sort((a, b) => b.share - a.share || a.owner.localeCompare(b.owner));
};

/** The largest profile in `dir` (the main thread's), summarised as lines for the bench's output. */
export const describeProfileIn = (dir: string, root: string): string[] => {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  const largest = files.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
  if (largest === undefined) return [`profile: none in ${dir}`];
  const shares = summariseProfile(JSON.parse(readFileSync(join(dir, largest), 'utf8')) as CpuProfile, root);
  const shown = shares.slice(0, sharesShownMax).map((s) => `${s.owner} ${(s.share * 100).toFixed(1)} %`);
  return [`profile of the hub process (${join(dir, largest)}), busy time by owner: ${shown.join('; ')}`];
};
