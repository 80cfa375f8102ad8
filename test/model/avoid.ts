/**
 * Triage: plans with the inputs of already-known findings taken out, so `npm run model -- --avoid
 * …` shows what else differs while those are being fixed. Never used by the test itself.
 */
import { hoursChoices, type CasePlan, type VersionPlan } from './plans.js';

export const avoidable = ['future-versions', 'jxnu-over-limit', 'same-batch', 'zero-hours'] as const;
export type Avoidable = (typeof avoidable)[number];

const jxnuEdge: readonly unknown[] = hoursChoices.jxnu.edge;
const jxnuEdgeIndex = (minutes: number) => jxnuEdge.indexOf(minutes);

const versionWithout = (v: VersionPlan, i: number, platform: string, avoid: ReadonlySet<Avoidable>): VersionPlan => {
  let next = v;
  if (avoid.has('future-versions') && next.versionTime === 'future') next = { ...next, versionTime: 'past' };
  if (avoid.has('same-batch') && platform !== 'hnu') next = { ...next, group: i, tie: false };
  if (platform === 'jxnu' && next.hours.edge) {
    const minutes = jxnuEdge[next.hours.index % jxnuEdge.length];
    if (avoid.has('jxnu-over-limit') && (minutes === 4_501 || minutes === 6_000))
      next = { ...next, hours: { edge: true, index: jxnuEdgeIndex(4_500) } };
    if (avoid.has('zero-hours') && (minutes === 1 || minutes === 44))
      next = { ...next, hours: { edge: true, index: jxnuEdgeIndex(45) } };
  }
  return next;
};

export const planWithout = (plan: CasePlan, avoid: ReadonlySet<Avoidable>): CasePlan =>
  avoid.size === 0
    ? plan
    : {
        ...plan,
        records: plan.records.map((r) => ({
          ...r,
          versions: r.versions.map((v, i) => versionWithout(v, i, r.platform, avoid)),
        })),
      };
