/**
 * The hub's non-secret cloud settings (hub-api.md "Configuration"), from stack props or CDK
 * context (`cdk synth -c wangtiPollSeconds=600`), with the defaults documented here. Secrets
 * never pass through here: they live in Secrets Manager (infra/constructs/hub-secrets.ts).
 */
import type { Node } from 'constructs';
import { functions } from './topology.js';

export interface HubSettings {
  /** `JXNU_APP_ID`: the app id the hub operator issued to jxnu (context `jxnuAppId`). */
  readonly jxnuAppId: string;
  /** `WANGTI_BASE_URL`: wangti's export endpoint, https only, since the token travels with it (context `wangtiBaseUrl`). */
  readonly wangtiBaseUrl: string;
  /** `WANGTI_POLL_SECONDS`: poll interval; EventBridge rates are whole minutes (context `wangtiPollSeconds`). */
  readonly wangtiPollSeconds: number;
}

const pollSchedule = functions.wangtiPoller.schedule;
if (!pollSchedule) throw new Error('topology: wangtiPoller has no schedule');

/** The variable naming the wangti poll interval (topology: wangtiPoller's schedule). */
export const pollIntervalVariable = pollSchedule.intervalSecondsVariable;

/**
 * Defaults. `wangtiBaseUrl` is a deliberate placeholder (the `.invalid` top-level domain never
 * resolves): until it is set, every poll fails and the poller alarm says so.
 */
export const settingsDefaults: HubSettings = {
  jxnuAppId: 'jx-ce-hub',
  wangtiBaseUrl: 'https://wangti-export.invalid',
  wangtiPollSeconds: pollSchedule.intervalSecondsDefault,
};

/** CDK context keys, one per setting. */
export const settingsContextKeys: { readonly [K in keyof HubSettings]: string } = {
  jxnuAppId: 'jxnuAppId',
  wangtiBaseUrl: 'wangtiBaseUrl',
  wangtiPollSeconds: 'wangtiPollSeconds',
};

export const pollSecondsMin = 60;
export const pollSecondsMax = 86_400;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

const contextString = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
};

/** Settings from CDK context where given; the rest left to the defaults. */
export const settingsFromContext = (node: Node): Partial<HubSettings> => {
  const jxnuAppId = contextString(node, settingsContextKeys.jxnuAppId);
  const wangtiBaseUrl = contextString(node, settingsContextKeys.wangtiBaseUrl);
  const poll = contextString(node, settingsContextKeys.wangtiPollSeconds);
  return {
    ...(jxnuAppId === undefined ? {} : { jxnuAppId }),
    ...(wangtiBaseUrl === undefined ? {} : { wangtiBaseUrl }),
    ...(poll === undefined ? {} : { wangtiPollSeconds: Number(poll) }),
  };
};

/** Defaults, overridden by context, overridden by props; throws naming every bad setting. */
export const resolveSettings = (node: Node, props: Partial<HubSettings> = {}): HubSettings => {
  const settings: HubSettings = { ...settingsDefaults, ...settingsFromContext(node), ...props };
  const problems: string[] = [];
  if (settings.jxnuAppId.trim() === '') problems.push('jxnuAppId: must not be empty');
  let url: URL | undefined;
  try {
    url = new URL(settings.wangtiBaseUrl);
  } catch {
    problems.push(`wangtiBaseUrl: not a URL: ${settings.wangtiBaseUrl}`);
  }
  if (url && url.protocol !== 'https:')
    problems.push('wangtiBaseUrl: must be https (the bearer token travels with every request)');
  const poll = settings.wangtiPollSeconds;
  if (!Number.isInteger(poll) || poll < pollSecondsMin || poll > pollSecondsMax || poll % 60 !== 0) {
    problems.push(
      `wangtiPollSeconds: must be whole minutes from ${pollSecondsMin} to ${pollSecondsMax} seconds (EventBridge rates are minutes), got ${String(poll)}`,
    );
  }
  if (problems.length > 0) throw new SettingsError(`stack settings are malformed:\n  ${problems.join('\n  ')}`);
  return settings;
};

/** The settings as the functions read them (shared/config.ts settingsSchema names). */
export const settingsEnvironment = (settings: HubSettings): Record<string, string> => ({
  JXNU_APP_ID: settings.jxnuAppId,
  WANGTI_BASE_URL: settings.wangtiBaseUrl,
  [pollIntervalVariable]: String(settings.wangtiPollSeconds),
});
