/**
 * Locally every function runs in this one process, where every resource variable is set; in the
 * cloud a function has only those its topology entry gives it (infra/function-resources.ts). The
 * invoker runs each handler as its function, and the check registered here refuses it a table, a
 * queue or a secret its entry does not list: the same ConfigurationError the cloud would give,
 * found by every local test instead of in production.
 *
 * What a function makes once and keeps (functions/lib/once.ts) is made once per function here,
 * so each function's first use reads, and is checked for, its own resources. The AWS SDK's
 * clients (aws/clients.ts, aws/sqs-client.ts) stay one a process: they name no resource.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { checkResourceReads, keepStatePerFunction } from '../aws/resource-access.js';
import { allResourceVariables, resourceVariablesOf } from '../infra/function-resources.js';
import { functionNames, functions, type FunctionName } from '../infra/topology.js';
import { ConfigurationError } from '../shared/config.js';

const runningFunction = new AsyncLocalStorage<FunctionName>();

/** Runs `work` as `functionName`: what it reads is checked against that function's resources. */
export const asFunction = <T>(functionName: FunctionName, work: () => T): T => runningFunction.run(functionName, work);

const given = new Map(functionNames.map((name) => [name, resourceVariablesOf(functions[name])]));
const resourceVariables = allResourceVariables();

const checkRead = (variable: string): void => {
  const functionName = runningFunction.getStore();
  // Outside a function (the runtime itself, a test's own store) there is no entry to hold it to.
  if (functionName === undefined || !resourceVariables.has(variable)) return;
  if (!given.get(functionName)?.has(variable))
    throw new ConfigurationError(
      `${variable} is not set for ${functionName}: its topology entry (infra/topology.ts) does not give it that resource`,
    );
};

/**
 * From now on, a function reading another's resource fails, and what a function keeps (its
 * stores) is its own, as in a process of its own; the answer stops both.
 */
export const holdFunctionsToTheirResources = (): (() => void) => {
  checkResourceReads(checkRead);
  keepStatePerFunction(() => runningFunction.getStore());
  return () => {
    checkResourceReads();
    keepStatePerFunction();
  };
};
