import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueUrlOf, tableNameOf } from '../../../aws/clients.js';
import { allResourceVariables, resourceVariablesOf } from '../../../infra/function-resources.js';
import {
  deadLetterQueueVariable,
  functionNames,
  functions,
  queueNames,
  queueVariable,
  tableNames,
  tableVariable,
  type FunctionName,
} from '../../../infra/topology.js';
import { secretsSchema } from '../../../shared/config.js';
import { createInvoker } from '../../../local/invoker.js';
import { asFunction, holdFunctionsToTheirResources } from '../../../local/resource-access.js';
import { ConfigurationError } from '../../../shared/config.js';
import { ledgerStore } from '../../../functions/lib/dependencies.js';
import { once } from '../../../functions/lib/once.js';

const variables = { [tableVariable('ledgers')]: 'hub-ledgers', [queueVariable('replays')]: 'http://queue/replays' };

/** A function whose topology entry does not list `variable`, and one whose entry does. */
const withAndWithout = (variable: string): { given: FunctionName; notGiven: FunctionName } => {
  const given = functionNames.find((name) => resourceVariablesOf(functions[name]).has(variable));
  const notGiven = functionNames.find((name) => !resourceVariablesOf(functions[name]).has(variable));
  if (!given || !notGiven) throw new Error(`the topology gives ${variable} to every function or to none`);
  return { given, notGiven };
};

describe('the local runtime holds each function to the resources its topology entry gives it', () => {
  let release: () => void;
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    for (const [name, value] of Object.entries(variables)) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
    release = holdFunctionsToTheirResources();
  });
  afterEach(() => {
    release();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('refuses a table to a function whose entry does not list it, naming the variable and the function', async () => {
    const { notGiven } = withAndWithout(tableVariable('ledgers'));
    const invoker = createInvoker({ [notGiven]: async () => tableNameOf('ledgers') });
    const refusal = invoker.invoke(notGiven, {});
    await expect(refusal).rejects.toBeInstanceOf(ConfigurationError);
    await expect(refusal).rejects.toThrow(new RegExp(`${tableVariable('ledgers')} is not set for ${notGiven}`));
  });

  it('gives a function the table its entry lists', async () => {
    const { given } = withAndWithout(tableVariable('ledgers'));
    const invoker = createInvoker({ [given]: async () => tableNameOf('ledgers') });
    await expect(invoker.invoke(given, {})).resolves.toBe('hub-ledgers');
  });

  it('refuses and gives queues the same way', () => {
    const { given, notGiven } = withAndWithout(queueVariable('replays'));
    expect(asFunction(given, () => queueUrlOf('replays'))).toBe('http://queue/replays');
    expect(() => asFunction(notGiven, () => queueUrlOf('replays'))).toThrow(ConfigurationError);
  });

  it('makes what a function keeps once for each function, so another function using it is checked too', async () => {
    const { given, notGiven } = withAndWithout(tableVariable('ledgers'));
    const invoker = createInvoker({ [given]: async () => ledgerStore(), [notGiven]: async () => ledgerStore() });
    const kept = await invoker.invoke(given, {});
    expect(await invoker.invoke(given, {})).toBe(kept);
    await expect(invoker.invoke(notGiven, {})).rejects.toThrow(
      new RegExp(`${tableVariable('ledgers')} is not set for ${notGiven}`),
    );
  });

  it('keeps one value a function, and forgets a promise that failed so the next use tries again', async () => {
    let made = 0;
    const flaky = once(async () => {
      made += 1;
      if (made === 1) throw new Error('secret store unreachable');
      return made;
    });
    const [first, second] = functionNames;
    const invoker = createInvoker({ [first!]: () => flaky(), [second!]: () => flaky() });
    await expect(invoker.invoke(first!, {})).rejects.toThrow('secret store unreachable');
    await expect(invoker.invoke(first!, {})).resolves.toBe(2);
    await expect(invoker.invoke(first!, {})).resolves.toBe(2);
    await expect(invoker.invoke(second!, {})).resolves.toBe(3);
  });

  it('holds nothing outside a function (the runtime itself, a test with its own store)', () => {
    expect(tableNameOf('ledgers')).toBe('hub-ledgers');
  });

  it('holds nothing once released', () => {
    const { notGiven } = withAndWithout(tableVariable('ledgers'));
    release();
    expect(asFunction(notGiven, () => tableNameOf('ledgers'))).toBe('hub-ledgers');
    release = holdFunctionsToTheirResources();
  });

  it('checks every table, queue, dead-letter queue and secret, whether some entry gives it or none does', () => {
    const checked = allResourceVariables();
    const named = [
      ...tableNames.map(tableVariable),
      ...queueNames.flatMap((queue) => [queueVariable(queue), deadLetterQueueVariable(queue)]),
      ...Object.keys(secretsSchema.shape),
    ];
    expect(named.filter((variable) => !checked.has(variable))).toEqual([]);
  });
});
