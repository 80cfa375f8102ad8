/**
 * The hub's configuration (hub-api.md), validated at start: a missing or malformed setting
 * stops the process with a message naming it. Secrets are plain values here; where they come
 * from (the environment locally, a secret store in the cloud) is the loader's business.
 */
import * as z from 'zod';

const commaList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )
  .pipe(
    z
      .array(z.string().min(8, 'each key or secret must be at least 8 characters'))
      .min(1, 'must list at least one value'),
  );

export const secretsSchema = z.object({
  HNU_WEBHOOK_SECRETS: commaList,
  JXNU_APP_SECRET: z.string().min(8),
  WANGTI_TOKEN: z.string().min(1),
  PORTAL_API_KEYS: commaList,
  OPS_API_KEYS: commaList,
  PERSON_KEY_SECRET: z.string().min(16),
});
export type Secrets = z.infer<typeof secretsSchema>;
export type SecretName = keyof Secrets;

/** Where `npm start` listens unless HUB_PORT says otherwise (the API documents' local server). */
export const hubPortDefault = 3000;

export const settingsSchema = z.object({
  HUB_PORT: z.coerce.number().int().min(1).max(65_535).default(hubPortDefault),
  HUB_DATA_DIR: z.string().min(1).default('.data/'),
  JXNU_APP_ID: z.string().min(1),
  WANGTI_BASE_URL: z.url(),
  WANGTI_POLL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
});
export type Settings = z.infer<typeof settingsSchema>;

/** How often a function writes the operators' activity counters (0: at the end of every invocation). */
export const activityFlushSecondsDefault = 10;

/**
 * Settings each function reads from its environment in the cloud and locally alike, parsed
 * with these schemas (functions/lib/settings.ts), never with a bare Number().
 */
export const functionSettingsSchema = settingsSchema.pick({ JXNU_APP_ID: true, WANGTI_BASE_URL: true }).extend({
  HUB_ACTIVITY_FLUSH_SECONDS: z.coerce.number().int().min(0).max(3_600).default(activityFlushSecondsDefault),
});
export type FunctionSettings = z.infer<typeof functionSettingsSchema>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Parses part of the environment with a schema, or throws naming every bad variable. */
export const parseEnvironment = <S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<S> => {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigurationError(`configuration is missing or malformed:\n  ${lines.join('\n  ')}`);
};

/**
 * Development defaults for `npm start` and tests, documented in the README. They are for a
 * developer's machine only; the cloud stack never uses them.
 */
export const developmentDefaults: Readonly<Record<string, string>> = {
  HNU_WEBHOOK_SECRETS: 'dev-hnu-secret-1',
  JXNU_APP_ID: 'jxnu-dev',
  JXNU_APP_SECRET: 'dev-jxnu-secret',
  WANGTI_BASE_URL: 'http://127.0.0.1:3101',
  WANGTI_TOKEN: 'dev-wangti-token',
  PORTAL_API_KEYS: 'portal:dev-portal-key',
  OPS_API_KEYS: 'ops:dev-ops-key',
  PERSON_KEY_SECRET: 'dev-person-key-secret-change-me',
};
