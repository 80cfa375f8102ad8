/** One thing made per topology name, keyed by that name, made in the topology's order. */
export const byNameOf = <N extends string, T>(names: readonly N[], make: (name: N) => T): Record<N, T> =>
  Object.fromEntries(names.map((name) => [name, make(name)])) as Record<N, T>;
