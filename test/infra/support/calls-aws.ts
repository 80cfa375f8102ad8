import { functions, type FunctionName } from '../../../infra/topology.js';

/** A function with a table, queue or secret calls AWS, so its bundle carries the SDK; the console's page calls none. */
export const callsAws = (name: FunctionName): boolean => {
  const def = functions[name];
  return def.tables.read.length + def.tables.write.length + def.sendsTo.length + def.secrets.length > 0;
};
