/**
 * A function's own settings from its environment, parsed with the same schemas the local
 * runtime checks at start (shared/config.ts): a missing or malformed one is a
 * ConfigurationError naming it, in the cloud as locally. Read at each use (a zod check of one
 * string), so a test that points the running hub elsewhere is seen at once.
 */
import { ConfigurationError, functionSettingsSchema, type FunctionSettings } from '../../shared/config.js';

export const functionSetting = <K extends keyof FunctionSettings>(name: K): FunctionSettings[K] => {
  const sent = process.env[name];
  const result = functionSettingsSchema.shape[name].safeParse(sent === '' ? undefined : sent);
  if (result.success) return result.data as FunctionSettings[K];
  const why =
    sent === undefined || sent === ''
      ? 'is not set'
      : `is malformed: ${result.error.issues.map((i) => i.message).join('; ')}`;
  throw new ConfigurationError(`${name} ${why}`);
};
