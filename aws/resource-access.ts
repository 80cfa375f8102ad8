/**
 * A check on every read of a variable that names a resource (a table, a queue, a secret). In the
 * cloud there is nothing to check: a function has only the variables its stack entry gives it,
 * and a missing one is already a ConfigurationError. The local runtime runs every function in one
 * process with every variable set, so it registers a check that refuses a function the resources
 * its topology entry does not list (local/resource-access.ts), as the cloud would.
 */
export type ResourceReadCheck = (variable: string) => void;

const allowEveryRead: ResourceReadCheck = () => undefined;
let check: ResourceReadCheck = allowEveryRead;

/** Registers the check (the local runtime), or removes it (no argument). */
export const checkResourceReads = (next: ResourceReadCheck = allowEveryRead): void => {
  check = next;
};

/** Throws ConfigurationError when the running function may not read `variable`. */
export const resourceRead = (variable: string): void => check(variable);
