/**
 * A value made on first use and kept: a store, a client of a table, a key loaded from a secret
 * (nothing at module load, so a cold start pays only for what its invocation needs). In the cloud
 * it is made once per process, which runs one function; the local runtime runs every function in
 * one process and names the one running (aws/resource-access.ts), so there it is made once per
 * function: no function uses another's, and each one's first use reads its own resources.
 *
 * A promise that fails is not kept: the next invocation tries again (a secret not fetched).
 */
import { stateOwner } from '../../aws/resource-access.js';

export const once = <T>(make: () => T): (() => T) => {
  const made = new Map<string | undefined, T>();
  return () => {
    const owner = stateOwner();
    if (made.has(owner)) return made.get(owner) as T;
    const value = make();
    made.set(owner, value);
    if (value instanceof Promise)
      value.catch(() => {
        if (made.get(owner) === value) made.delete(owner);
      });
    return value;
  };
};
