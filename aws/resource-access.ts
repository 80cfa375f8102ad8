/**
 * A check on every read of a variable that names a resource (a table, a queue, a secret). In the
 * cloud there is nothing to check: a function has only the variables its stack entry gives it,
 * and a missing one is already a ConfigurationError. The local runtime runs every function in one
 * process with every variable set, so it registers a check that refuses a function the resources
 * its topology entry does not list (local/resource-access.ts), as the cloud would.
 *
 * For the same reason it names the function running, so that what a function makes once and
 * keeps (its stores: functions/lib/once.ts) is made once per function, as each Lambda function
 * has its own process, and every function's first use reads, and is checked for, its own resources.
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

/** Whose kept state is in use: undefined in the cloud (a process runs one function); locally, the function running. */
export type StateOwner = () => string | undefined;

const oneProcessOneFunction: StateOwner = () => undefined;
let owner: StateOwner = oneProcessOneFunction;

/** Registers who owns kept state (the local runtime), or goes back to one owner a process (no argument). */
export const keepStatePerFunction = (next: StateOwner = oneProcessOneFunction): void => {
  owner = next;
};

export const stateOwner = (): string | undefined => owner();
